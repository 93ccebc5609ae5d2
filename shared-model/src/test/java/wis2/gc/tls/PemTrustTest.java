package wis2.gc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CA file is trusted when it holds PEM certificates, and refused in clear words otherwise. */
class PemTrustTest {

    static Path resource(String name) throws Exception {
        return Path.of(PemTrustTest.class.getResource("/tls/" + name).toURI());
    }

    @Test
    void socketFactory_acceptsAFileOfOneCertificate() throws Exception {
        assertThat(PemTrust.socketFactory(resource("server-ca.pem"))).isNotNull();
    }

    @Test
    void socketFactory_refusesAMissingFile_namingIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> PemTrust.socketFactory(missing))
                .isInstanceOfSatisfying(InvalidCaFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(missing);
                    assertThat(e.problem()).isEqualTo("does not exist");
                })
                .hasMessage("CA file " + missing + " does not exist");
    }

    @Test
    void socketFactory_refusesADirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> PemTrust.socketFactory(dir))
                .isInstanceOf(InvalidCaFileException.class)
                .hasMessageStartingWith("CA file " + dir + " cannot be read");
    }

    @Test
    void socketFactory_refusesAFileWithoutCertificate_textOrEmpty(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("text.pem"), "no certificate here\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path key = Files.writeString(dir.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        for (Path file : new Path[] {text, empty, key}) {
            assertThatThrownBy(() -> PemTrust.socketFactory(file)).as(file.toString())
                    .isInstanceOf(InvalidCaFileException.class)
                    .hasMessage("CA file " + file + " holds no PEM certificate");
        }
    }

    @Test
    void socketFactory_refusesABrokenCertificate(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemTrust.socketFactory(broken))
                .isInstanceOfSatisfying(InvalidCaFileException.class,
                        e -> assertThat(e.problem()).startsWith("holds a certificate that cannot be parsed"));
    }
}
