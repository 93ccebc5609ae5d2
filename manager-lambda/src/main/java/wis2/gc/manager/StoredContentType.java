package wis2.gc.manager;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Content-Type a cached object is stored and served with, from the source link's
 * {@code type}, which the source controls. Only a well-formed media type (RFC 9110: a token,
 * '/', a token, then {@code ; name=value} parameters, in visible ASCII) is kept; anything else
 * (CR/LF, non-Latin-1 characters, a missing subtype) would fail the store's PUT or inject a
 * header, and becomes {@code application/octet-stream}. Types a browser runs as a page or
 * script are stored as {@code application/octet-stream} too, so no publisher can have its HTML
 * or script served from the cache's domain. The republished link keeps the original text.
 */
final class StoredContentType {
    static final String FALLBACK = "application/octet-stream";

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t \\x21-\\x7e])*\"";
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            TOKEN + "/" + TOKEN + "(?:[ \\t]*;[ \\t]*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*");
    /** Longer than any real media type; S3 keeps headers to a few KiB in all. */
    private static final int MAX_LENGTH = 255;
    private static final Set<String> ACTIVE = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript");

    private StoredContentType() {
    }

    /** The type to store for a link {@code type} (null when the link has none). */
    static String of(String linkType) {
        if (linkType == null || linkType.length() > MAX_LENGTH || !MEDIA_TYPE.matcher(linkType).matches()) {
            return FALLBACK;
        }
        String essence = linkType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return ACTIVE.contains(essence) ? FALLBACK : linkType;
    }
}
