package wis2.gc.model;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One entry of a notification's {@code links} array, with its position so a rewrite can put the
 * changed link back in its place.
 *
 * @param index  position in {@code links}
 * @param rel    the relation, e.g. {@code canonical}, {@code update}, {@code deletion}
 * @param href   the target URL
 * @param type   media type hint, or null when absent
 * @param length {@code length} in bytes when given
 */
public record Link(int index, String rel, String href, String type, OptionalLong length) {

    public static final String CANONICAL = "canonical";
    public static final String UPDATE = "update";
    public static final String DELETION = "deletion";

    public Link {
        if (index < 0) {
            throw new IllegalArgumentException("link index must be >= 0, got " + index);
        }
        Objects.requireNonNull(rel, "rel");
        Objects.requireNonNull(href, "href");
        Objects.requireNonNull(length, "length");
    }

    /** The host of {@link #href()}, or null when the href is not an absolute URL with a host. */
    public String host() {
        try {
            return java.net.URI.create(href).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
