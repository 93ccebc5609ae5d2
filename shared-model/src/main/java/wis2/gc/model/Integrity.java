package wis2.gc.model;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A notification's {@code properties.integrity}. The standard says the value is base64 of the raw
 * digest; hex values exist in the wild, so both are accepted. The two cannot be
 * confused: hex of an n-byte digest has 2n characters, base64 has 4*ceil(n/3).
 */
public record Integrity(IntegrityMethod method, String value) {

    public Integrity {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(value, "value");
    }

    /** A sha512 integrity with the base64 value of {@code sha512Digest}. */
    public static Integrity sha512Of(byte[] sha512Digest) {
        if (sha512Digest.length != IntegrityMethod.SHA512.digestLength()) {
            throw new IllegalArgumentException("a sha512 digest has 64 bytes, got " + sha512Digest.length);
        }
        return new Integrity(IntegrityMethod.SHA512, Base64.getEncoder().encodeToString(sha512Digest));
    }

    /**
     * True when {@link #value()} (base64 or hex) denotes exactly {@code digest}. A value that is
     * neither valid base64 nor hex of the right length matches nothing.
     */
    public boolean matches(byte[] digest) {
        byte[] expected = decodedValue();
        return expected != null && MessageDigest.isEqual(expected, digest);
    }

    /** The raw digest the value denotes, or null when it is neither hex nor base64. */
    private byte[] decodedValue() {
        String v = value.strip();
        if (v.length() == 2 * method.digestLength() && isHex(v)) {
            return HexFormat.of().parseHex(v);
        }
        try {
            byte[] raw = Base64.getDecoder().decode(v);
            return raw.length == method.digestLength() ? raw : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
