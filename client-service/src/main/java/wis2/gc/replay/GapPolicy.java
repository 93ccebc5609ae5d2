package wis2.gc.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a (re)connection opens a gap, and where the gap starts: the rules of backfill, as pure
 * functions of what the feed knows.
 */
final class GapPolicy {

    private final Duration margin;
    private final Duration threshold;
    private final Duration maxGap;

    GapPolicy(Duration margin, Duration threshold, Duration maxGap) {
        this.margin = margin;
        this.threshold = threshold;
        this.maxGap = maxGap;
    }

    /**
     * The start of the gap opened by a connection at {@code now}, or empty when there is none.
     * A gap needs a record of an earlier session ({@code lastForwarded}: on the cache's clock,
     * when SQS last accepted a message of this feed); then either the broker kept no session, or
     * the feed was down ({@code downSince}) for longer than the threshold, which a broker whose
     * session queue overflowed would not tell us.
     */
    Optional<Instant> gapStart(boolean sessionPresent, Optional<Instant> lastForwarded, Instant downSince,
            Instant now) {
        if (lastForwarded.isEmpty()) {
            return Optional.empty();
        }
        boolean longDown = Duration.between(downSince, now).compareTo(threshold) > 0;
        if (sessionPresent && !longDown) {
            return Optional.empty();
        }
        return Optional.of(lastForwarded.get().minus(margin));
    }

    /** The gap from {@code start} to {@code end} (live again from {@code liveFrom}), cut to its most recent {@code
     * maxGap}. */
    Gap cap(Instant start, Instant end, Instant liveFrom) {
        Instant earliest = end.minus(maxGap);
        Instant from = start.isBefore(earliest) ? earliest : start;
        return new Gap(from.isAfter(end) ? end : from, end, liveFrom);
    }

    /** The part of the gap {@link #cap} leaves out, when there is one. */
    Optional<Gap> cutOff(Instant start, Instant end) {
        Instant earliest = end.minus(maxGap);
        return start.isBefore(earliest) ? Optional.of(new Gap(start, earliest)) : Optional.empty();
    }
}
