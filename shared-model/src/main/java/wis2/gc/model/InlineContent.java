package wis2.gc.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A notification's {@code properties.content}: small data carried inline.
 * {@code gzip} means RFC 1952 then base64; {@code size} is the byte count after decoding.
 */
public record InlineContent(String encoding, String value, long size) {

    private static final Set<String> ENCODINGS = Set.of("utf-8", "base64", "gzip");

    public InlineContent {
        Objects.requireNonNull(value, "value");
        if (!ENCODINGS.contains(encoding)) {
            throw new InvalidContentException("bad-encoding", "content encoding '" + encoding
                    + "' is not utf-8, base64 or gzip");
        }
        if (size < 0) {
            throw new InvalidContentException("size-mismatch", "content size " + size + " is negative");
        }
    }

    /**
     * The decoded bytes, which must number exactly {@link #size()} and at most {@code maxBytes}.
     * Gzip is inflated only up to that bound: a compression bomb is rejected after reading at
     * most {@code min(size, maxBytes) + 1} bytes.
     */
    public byte[] decode(long maxBytes) {
        if (size > maxBytes) {
            throw new InvalidContentException("too-large", "content size " + size + " exceeds the limit of " + maxBytes
                    + " bytes");
        }
        byte[] bytes = switch (encoding) {
            case "utf-8" -> value.getBytes(StandardCharsets.UTF_8);
            case "base64" -> base64(value);
            default -> gunzip(base64(value), size);
        };
        if (bytes.length != size) {
            throw new InvalidContentException("size-mismatch", "content decodes to " + bytes.length
                    + " bytes, size says " + size);
        }
        return bytes;
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getMimeDecoder().decode(strictBase64(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidContentException("bad-base64", "content value is not base64: " + e.getMessage());
        }
    }

    /** The MIME decoder skips stray characters silently; refuse anything but base64 and line breaks. */
    private static String strictBase64(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '\r' || c == '\n';
            if (!ok) {
                throw new IllegalArgumentException("illegal character at index " + i);
            }
        }
        return value;
    }

    /** Inflates at most {@code limit + 1} bytes: one more than allowed is enough to know it is too many. */
    private static byte[] gunzip(byte[] compressed, long limit) {
        var out = new ByteArrayOutputStream((int) Math.min(limit, 64 * 1024));
        byte[] buf = new byte[8192];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new InvalidContentException("size-mismatch", "gzip content inflates beyond its size of "
                            + limit + " bytes");
                }
            }
        } catch (IOException e) {
            throw new InvalidContentException("bad-gzip", "content value is not gzip: " + e.getMessage());
        }
        return out.toByteArray();
    }
}
