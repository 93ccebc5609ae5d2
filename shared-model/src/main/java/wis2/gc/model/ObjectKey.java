package wis2.gc.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a cached instance is stored, and so its public URL:
 * {@code {centre}/{data_id}/_/{pubtime}/{file name}}, for example
 * {@code ca-eccc-msc/wis2/CAN/eccc-msc/data/core/x.bufr4/_/2022-03-20T045018.314854383Z/x.bufr4}.
 *
 * <p>Only {@code [A-Za-z0-9._/-]} appear, never a leading {@code /}, an empty, {@code .} or
 * {@code ..} segment, so a key cannot escape its prefix. Every other character is written as its
 * UTF-8 bytes, each {@code _xXX} (upper-case hex). A literal {@code _} is written {@code _x5F}
 * only where it would otherwise be read as an escape (followed by {@code x} and two upper-case
 * hex digits), so names such as {@code UANT01_CWAO_200445} stay as they are; the encoding is
 * reversible. A {@code /} of the data_id stays a path separator only between two non-{@code /}
 * characters. The lone segment {@code _} never comes out of the encoding, so it ends the data_id:
 * no data_id's prefix contains another's instances. The pubtime is written from its instant, so one instance has one
 * key and
 * two pubtimes never share one. An encoded data_id over 512 characters is cut and given a hash
 * suffix ({@code -} and 16 hex digits of its SHA-256), which makes it 513 long and distinct from
 * every uncut one.
 *
 * @param value the key; validated to contain only safe characters
 */
public record ObjectKey(String value) {

    static final int MAX_DATA_ID = 512;
    static final int MAX_PART = 100;
    private static final String ESCAPE = "_x";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String END_OF_DATA_ID = "_";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._\\-]+(/[A-Za-z0-9._\\-]+)*");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    public ObjectKey {
        Objects.requireNonNull(value, "value");
        if (value.length() > 1024 || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("unsafe object key '" + value + "'");
        }
        for (String segment : value.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key '" + value + "' has a dot segment");
            }
        }
    }

    /** The key of {@code n}'s instance, stored for the centre {@code centreId}. */
    public static ObjectKey of(String centreId, Notification n) {
        String time = SECONDS.format(n.pubtime().instant());
        int nanos = n.pubtime().instant().getNano();
        if (nanos != 0) {
            time += "." + String.format("%09d", nanos).replaceAll("0+$", "");
        }
        return new ObjectKey(dataIdPrefix(centreId, n.dataId()) + time + "Z/" + fileName(n.actionLink().href()));
    }

    /** The prefix (ending in {@code /}) under which every instance of {@code dataId} is stored. */
    public static String dataIdPrefix(String centreId, String dataId) {
        return encode(centreId, false, MAX_PART) + "/" + encode(dataId, true, MAX_DATA_ID) + "/" + END_OF_DATA_ID + "/";
    }

    /** The public URL of this key under {@code baseUrl} (an http or https URL, trailing slash optional). */
    public String publicUrl(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
            throw new IllegalArgumentException("public base URL '" + baseUrl + "' is not http(s)");
        }
        String base = baseUrl.replaceAll("/+$", "");
        // keys hold only unreserved characters today; encoding anyway keeps the URL valid if that changes
        var url = new StringBuilder(base).append('/');
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (isUnreserved(c) || c == '/') {
                url.append(c);
            } else {
                url.append('%').append(HEX.toHexDigits(b));
            }
        }
        return url.toString();
    }

    /** The last path segment of the href (query and fragment dropped), or {@code data} when empty. */
    static String fileName(String href) {
        String path = href.replaceFirst("[?#].*$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? "data" : encode(last, false, MAX_PART);
    }

    /** The reversible encoding described on the class, cut with a hash suffix beyond {@code max}. */
    static String encode(String s, boolean keepSlashes, int max) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("cannot build an object key from an empty centre-id or data_id");
        }
        var out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '_') {
                // every character after it is written as itself or begins with '_', so only a
                // literal "x" and two upper-case hex digits right after can make it read as an escape
                out.append(escapeFollows(s, next) ? ESCAPE + "5F" : "_");
            } else if ((cp < 128 && isPlain((char) cp))
                    || (cp == '/' && keepSlashes && i > 0 && next < s.length() && s.charAt(i - 1) != '/'
                    && s.charAt(next) != '/')) {
                out.append((char) cp);
            } else {
                escape(cp, out);
            }
            i = next;
        }
        String encoded = fixSegments(out.toString());
        return encoded.length() <= max ? encoded : encoded.substring(0, max - 16) + "-" + Hashes.sha256Hex(s)
                .substring(0, 16);
    }

    /** Escapes the first character of the segments {@code .}, {@code ..} and {@code _}. */
    private static String fixSegments(String encoded) {
        String[] segments = encoded.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            switch (segments[i]) {
                case "." -> segments[i] = ESCAPE + "2E";
                case ".." -> segments[i] = ESCAPE + "2E.";
                case END_OF_DATA_ID -> segments[i] = ESCAPE + "5F";
                default -> {
                }
            }
        }
        return String.join("/", segments);
    }

    /** Inverse of {@link #encode} for uncut values. */
    static String decode(String encoded) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_' && escapeFollows(encoded, i + 1)) {
                bytes.write(HexFormat.fromHexDigits(encoded, i + 2, i + 4));
                i += 3;
            } else {
                bytes.write(c);
            }
        }
        return decodeUtf8(bytes.toByteArray());
    }

    /** True when {@code s} has at {@code from} what follows the {@code _} of an escape: {@code x} and two upper-case
     * hex digits. */
    private static boolean escapeFollows(String s, int from) {
        return s.length() >= from + 3 && s.charAt(from) == 'x' && isUpperHex(s.charAt(from + 1))
                && isUpperHex(s.charAt(from + 2));
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static boolean isPlain(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                || c == '_';
    }

    private static boolean isUnreserved(char c) {
        return isPlain(c) || c == '~';
    }

    /**
     * UTF-8 bytes of one code point as {@code _xXX} escapes. Lone surrogates (possible through
     * JSON {@code \\u} escapes) are written as their own 3-byte sequence rather than replaced,
     * so they cannot collide with a literal {@code ?}.
     */
    private static void escape(int cp, StringBuilder out) {
        byte[] utf8;
        if (cp < 0x80) {
            utf8 = new byte[] {(byte) cp};
        } else if (cp < 0x800) {
            utf8 = new byte[] {(byte) (0xC0 | cp >> 6), (byte) (0x80 | cp & 0x3F)};
        } else if (cp < 0x10000) {
            utf8 = new byte[] {(byte) (0xE0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
        } else {
            utf8 = new byte[] {(byte) (0xF0 | cp >> 18), (byte) (0x80 | cp >> 12 & 0x3F),
                    (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
        }
        for (byte b : utf8) {
            out.append(ESCAPE).append(HEX.toHexDigits(b));
        }
    }

    /** Reads the byte sequences {@link #escape} writes, lone surrogates included. */
    private static String decodeUtf8(byte[] b) {
        var sb = new StringBuilder();
        for (int i = 0; i < b.length; ) {
            int lead = b[i] & 0xff;
            int n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            int cp = n == 1 ? lead : lead & (0xFF >> (n + 1));
            for (int k = 1; k < n; k++) {
                cp = cp << 6 | (b[i + k] & 0x3F);
            }
            sb.appendCodePoint(cp);
            i += n;
        }
        return sb.toString();
    }
}
