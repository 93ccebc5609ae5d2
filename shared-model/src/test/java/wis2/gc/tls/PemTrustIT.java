package wis2.gc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket factory of a CA file completes a TLS handshake with a server whose certificate that
 * file holds (alone or in a bundle) and refuses one it does not hold, on a real server on
 * 127.0.0.1. The server's key and certificate are test files made for this test (test-only
 * password, 100 years valid).
 */
class PemTrustIT {
    private static final char[] PASSWORD = "test-only".toCharArray();

    private SSLServerSocket server;
    private final ExecutorService accepting = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(PemTrustTest.resource("server.p12"))) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        accepting.submit(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(42);
                } catch (Exception e) {
                    // a refused handshake ends that connection only
                }
            }
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        accepting.close();
    }

    @Test
    void handshake_succeeds_withTheServersCa() throws Exception {
        assertThat(readOneByte(PemTrust.socketFactory(PemTrustTest.resource("server-ca.pem")))).isEqualTo(42);
    }

    @Test
    void handshake_succeeds_whenABundleHoldsTheServersCa(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, Files.readString(PemTrustTest.resource("other-ca.pem"))
                + Files.readString(PemTrustTest.resource("server-ca.pem")));
        assertThat(readOneByte(PemTrust.socketFactory(bundle))).isEqualTo(42);
    }

    @Test
    void handshake_fails_withAnotherCa() throws Exception {
        SSLSocketFactory other = PemTrust.socketFactory(PemTrustTest.resource("other-ca.pem"));
        assertThatThrownBy(() -> readOneByte(other)).isInstanceOf(SSLHandshakeException.class);
    }

    private int readOneByte(SSLSocketFactory factory) throws Exception {
        try (SSLSocket s = (SSLSocket) factory.createSocket("127.0.0.1", server.getLocalPort())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return s.getInputStream().read();
        }
    }
}
