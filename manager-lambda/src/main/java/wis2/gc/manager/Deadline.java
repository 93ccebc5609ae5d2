package wis2.gc.manager;

import java.time.Duration;

/**
 * A point in time on the monotonic clock ({@link System#nanoTime()}) by which work must end:
 * the invocation's (from Lambda's {@code Context}), less what is kept in reserve for the steps
 * that must still happen. Handed down from the handler to every wait and read of a record.
 *
 * @param atNanos the {@link System#nanoTime()} value of the deadline
 */
public record Deadline(long atNanos) {
    /** Far enough away never to matter (about 292 years), without overflowing nanoTime arithmetic. */
    public static final Deadline NONE = new Deadline(System.nanoTime() + (Long.MAX_VALUE >> 1));

    /** The deadline {@code d} from now; a negative duration is a deadline already passed. */
    public static Deadline after(Duration d) {
        return new Deadline(System.nanoTime() + saturatedNanos(d));
    }

    /** What is left, never negative. */
    public Duration remaining() {
        long left = atNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean expired() {
        return atNanos - System.nanoTime() <= 0;
    }

    /** This deadline moved {@code reserve} earlier. */
    public Deadline minus(Duration reserve) {
        return new Deadline(atNanos - saturatedNanos(reserve));
    }

    /** The earlier of this deadline and one {@code d} from now. */
    public Deadline atMost(Duration d) {
        Deadline other = after(d);
        return other.atNanos - atNanos < 0 ? other : this;
    }

    /** True when at least {@code d} is left. */
    public boolean allows(Duration d) {
        return remaining().compareTo(d) >= 0;
    }

    /** The remaining time in whole milliseconds, at least 1 (a socket timeout of 0 would mean "wait for ever"). */
    public int remainingMillisForTimeout() {
        long ms = remaining().toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? -(Long.MAX_VALUE >> 1) : Long.MAX_VALUE >> 1;
        }
    }
}
