package wis2.gc.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A notification's {@code properties.pubtime}: the text as received and the instant it denotes.
 * Ordering, {@code equals} and {@code hashCode} use the instant only, so
 * {@code 2024-01-01T01:00:00+01:00} equals {@code 2024-01-01T00:00:00.000Z} (the WNM: compare as
 * instants, never as strings).
 */
public record Pubtime(String text, Instant instant) implements Comparable<Pubtime> {

    /** RFC 3339 date-time: seconds required, fraction up to nanoseconds, Z or a numeric offset. */
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    public Pubtime {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(instant, "instant");
    }

    /**
     * Parses an RFC 3339 date-time.
     *
     * @throws InvalidNotificationException with reason {@code bad-pubtime} when it is not one
     */
    public static Pubtime parse(String text) {
        if (text == null || !RFC3339.matcher(text).matches()) {
            throw new InvalidNotificationException("bad-pubtime", "pubtime '" + text
                    + "' is not an RFC 3339 date-time");
        }
        try {
            var parsed = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return new Pubtime(text, parsed.toInstant());
        } catch (DateTimeParseException e) {
            throw new InvalidNotificationException("bad-pubtime", "pubtime '" + text + "' is not a valid date-time", e);
        }
    }

    @Override
    public int compareTo(Pubtime other) {
        return instant.compareTo(other.instant);
    }

    /** True when this pubtime denotes a later instant than {@code other}. */
    public boolean isAfter(Pubtime other) {
        return instant.isAfter(other.instant);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pubtime p && instant.equals(p.instant);
    }

    @Override
    public int hashCode() {
        return instant.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
