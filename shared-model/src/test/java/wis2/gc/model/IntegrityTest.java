package wis2.gc.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import wis2.gc.testing.Resources;

class IntegrityTest {

    private static final byte[] ABC = "abc".getBytes(UTF_8);

    /** Digests of "abc", computed with openssl dgst and python hashlib when the test was written. */
    @ParameterizedTest
    @CsvSource({
            "sha256, ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=, "
                    + "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha384, ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn, "
            + "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            "sha512, 3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==, "
            + "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d"
            + "4423643ce80e2a9ac94fa54ca49f",
            "sha3-256, Ophdp0/iJbIEXBcta9OQvYVfCG4+nVJbRr/iRRFDFTI=, "
            + "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
            "sha3-384, 7AFJgohRb8kmRZ9Y4satjfm0c8sPwIwlltp88OSb5LKY2IzqknrH9Tnx7fIoN20l, "
            + "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25",
            "sha3-512, t1GFCxpXFopWk82SS2sJbgj2IYJ0RPcNiE9dAkDScS4Q4RbpGSrzyRp+xXZH45NAVzQLTPQI1aVlkvgnTuxT8A==, "
            + "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e393405734"
            + "0b4cf408d5a56592f8274eec53f0"})
    void matches_knownVectorsInBase64AndHex(String method, String base64, String hex) {
        IntegrityMethod m = IntegrityMethod.fromWireName(method);
        StreamingDigest d = StreamingDigest.of(m);
        d.update(ABC, 0, 1);
        d.update(ABC, 1, 2);
        byte[] digest = d.digest();

        assertThat(digest).isEqualTo(HexFormat.of().parseHex(hex));
        assertThat(m.digest(ABC)).isEqualTo(digest);
        assertThat(new Integrity(m, base64).matches(digest)).isTrue();
        assertThat(new Integrity(m, hex).matches(digest)).isTrue();
        assertThat(new Integrity(m, hex.toUpperCase()).matches(digest)).isTrue();
        assertThat(m.wireName()).isEqualTo(method);
    }

    @ParameterizedTest
    @EnumSource(IntegrityMethod.class)
    void matches_rejectsWrongValues(IntegrityMethod m) {
        byte[] digest = m.digest(ABC);
        byte[] other = m.digest("abd".getBytes(UTF_8));
        assertThat(new Integrity(m, Base64.getEncoder().encodeToString(other)).matches(digest)).isFalse();
        assertThat(new Integrity(m, HexFormat.of().formatHex(other)).matches(digest)).isFalse();
        assertThat(new Integrity(m, "A2KNxvks...S8qfSCw==").matches(digest)).isFalse();
        assertThat(new Integrity(m, "").matches(digest)).isFalse();
        // right bytes, wrong method length: a truncated digest must not match
        assertThat(new Integrity(m, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(digest, 16)))
                .matches(digest)).isFalse();
    }

    @Test
    void integrityFixture_verifiesItsDataFile() throws Exception {
        // The fixture's JSON lacks datetime, so it fails the current schema: read its integrity directly.
        JsonNode json = Json.MAPPER.readTree(
                Resources.bytes("examples/integrity-fixture/pywis-pubsub-test_valid_checksum.json"));
        JsonNode integrity = json.path("properties").path("integrity");
        var declared = new Integrity(IntegrityMethod.fromWireName(integrity.path("method").stringValue()),
                integrity.path("value").stringValue());
        byte[] data = Resources.bytes("examples/integrity-fixture/A_SZIO01AMMC110648_C_EDZW_20230811064904_50549867");

        StreamingDigest d = StreamingDigest.of(declared.method());
        for (int off = 0; off < data.length; off += 100) {
            d.update(data, off, Math.min(100, data.length - off));
        }
        assertThat(d.length()).isEqualTo(json.path("links").get(0).path("length").longValue()).isEqualTo(465);
        assertThat(declared.matches(d.digest())).isTrue();
        data[0] ^= 1;
        assertThat(declared.matches(declared.method().digest(data))).isFalse();
    }

    @Test
    void eumetsatExample_hexSha512IsReadAsHex() {
        Integrity i = Notification.parse(
                Resources.bytes("examples/valid/" + "wnm-eumetsat-msg-seviri-core-notification.json")).integrity()
                .orElseThrow();
        byte[] digest = HexFormat.of().parseHex(i.value());
        assertThat(i.method()).isEqualTo(IntegrityMethod.SHA512);
        assertThat(i.matches(digest)).isTrue();
    }

    @Test
    void streamingDigest_computesTwoMethodsInOnePass() {
        StreamingDigest d = StreamingDigest.of(IntegrityMethod.SHA3_256, IntegrityMethod.SHA512,
                IntegrityMethod.SHA512);
        d.update(ABC);
        assertThat(d.length()).isEqualTo(3);
        assertThat(d.digest()).isEqualTo(IntegrityMethod.SHA3_256.digest(ABC));
        assertThat(d.digest(IntegrityMethod.SHA512)).isEqualTo(IntegrityMethod.SHA512.digest(ABC));
        assertThatThrownBy(() -> d.digest(IntegrityMethod.SHA256)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> d.update(ABC)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(StreamingDigest::of).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sha512Of_isBase64OfTheDigest() {
        byte[] digest = IntegrityMethod.SHA512.digest(ABC);
        Integrity i = Integrity.sha512Of(digest);
        assertThat(i.method()).isEqualTo(IntegrityMethod.SHA512);
        assertThat(i.value()).isEqualTo(
                "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==");
        assertThatThrownBy(() -> Integrity.sha512Of(new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromWireName_rejectsUnknownMethod() {
        assertThatThrownBy(() -> IntegrityMethod.fromWireName("md5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("md5");
    }
}
