package wis2.gc.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest methods of {@code properties.integrity.method}; all are in the JDK. */
public enum IntegrityMethod {
    SHA256("sha256", "SHA-256", 32),
    SHA384("sha384", "SHA-384", 48),
    SHA512("sha512", "SHA-512", 64),
    SHA3_256("sha3-256", "SHA3-256", 32),
    SHA3_384("sha3-384", "SHA3-384", 48),
    SHA3_512("sha3-512", "SHA3-512", 64);

    private final String wireName;
    private final String jcaName;
    private final int digestLength;

    IntegrityMethod(String wireName, String jcaName, int digestLength) {
        this.wireName = wireName;
        this.jcaName = jcaName;
        this.digestLength = digestLength;
    }

    /** The name used in notifications, e.g. {@code sha3-256}. */
    public String wireName() {
        return wireName;
    }

    /** Length of the raw digest in bytes. */
    public int digestLength() {
        return digestLength;
    }

    /**
     * The method named {@code name} in a notification.
     *
     * @throws IllegalArgumentException naming the value when it is not one of the six methods
     */
    public static IntegrityMethod fromWireName(String name) {
        for (var m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown integrity method '" + name + "'");
    }

    /** A fresh digest engine for this method. */
    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    /** The digest of {@code data} in one call (for small data such as inline content). */
    public byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }
}
