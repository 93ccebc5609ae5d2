package wis2.gc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS clients that trust only the CA certificates of one PEM file (a private broker's CA, the
 * local cache's {@code mqtts-ca.pem}) instead of the JVM's default trust store. Every program
 * that is given a CA file (the listener's {@code GC_CA_FILE}, the manager's
 * {@code GC_BROKER_CA_FILE}) builds its socket factory here, so a file is read one way and a bad
 * one is refused with the same clear words; the caller names its variable.
 */
public final class PemTrust {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    private PemTrust() {
    }

    /**
     * A socket factory whose connections trust the certificates in {@code caPem} and nothing else.
     * A file may hold several certificates (a bundle); each is trusted.
     *
     * @throws InvalidCaFileException when the file is missing, unreadable, holds no certificate
     *                                or holds one that cannot be parsed
     */
    public static SSLSocketFactory socketFactory(Path caPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caPem).getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            // the JDK always has TLS and its default trust algorithm; this is a broken runtime
            throw new IllegalStateException("no TLS context for the certificates of " + caPem, e);
        }
    }

    private static TrustManagerFactory trustManagers(Path caPem) throws GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trusted.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty key store cannot be made", e);
        }
        int i = 0;
        for (Certificate ca : certificates(caPem)) {
            trusted.setCertificateEntry("ca-" + i++, ca);
        }
        if (i == 0) {
            throw new InvalidCaFileException(caPem, "holds no PEM certificate");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory;
    }

    private static Collection<? extends Certificate> certificates(Path caPem) {
        byte[] content;
        try {
            content = Files.readAllBytes(caPem);
        } catch (NoSuchFileException e) {
            throw new InvalidCaFileException(caPem, "does not exist");
        } catch (IOException e) {
            throw new InvalidCaFileException(caPem, "cannot be read (" + e + ")");
        }
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(content));
        } catch (CertificateException e) {
            // the JDK says "No certificate data found" for any text without a PEM block
            if (!new String(content, StandardCharsets.US_ASCII).contains(BEGIN)) {
                throw new InvalidCaFileException(caPem, "holds no PEM certificate");
            }
            throw new InvalidCaFileException(caPem,
                    "holds a certificate that cannot be parsed (" + e.getMessage() + ")");
        }
    }
}
