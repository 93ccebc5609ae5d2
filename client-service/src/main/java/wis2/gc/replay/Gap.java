package wis2.gc.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code pubtime} interval, start inclusive and end inclusive, whose notifications a feed may
 * have missed.
 *
 * @param liveFrom when the feed was subscribed again (at most {@code end}): anything published
 *                 later reached it live, so a window fetched up to this time by another listener
 *                 is enough for this one
 */
record Gap(Instant start, Instant end, Instant liveFrom) {

    Gap {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(liveFrom, "liveFrom");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a gap ends after it starts, got " + start + " to " + end);
        }
        if (liveFrom.isAfter(end)) {
            liveFrom = end;
        }
    }

    /** A gap with nothing live before its end (asked for by hand). */
    Gap(Instant start, Instant end) {
        this(start, end, end);
    }

    Duration length() {
        return Duration.between(start, end);
    }

    /**
     * The windows of the fixed grid of {@code window}-long slots (counted from the epoch) that this
     * gap touches. Every listener cuts every gap on the same grid, so two listeners with
     * overlapping gaps ask for the same windows, and the Redis lock and record of each window
     * make one of them fetch it.
     */
    List<Window> windows(Duration window) {
        long size = window.toMillis();
        List<Window> windows = new ArrayList<>();
        long slot = Math.floorDiv(start.toEpochMilli(), size) * size;
        // a gap ending on a slot's start needs none of that slot
        while (slot < end.toEpochMilli() || windows.isEmpty()) {
            Instant slotStart = Instant.ofEpochMilli(slot);
            Instant slotEnd = Instant.ofEpochMilli(slot + size);
            windows.add(new Window(slotStart, slotEnd, end.isBefore(slotEnd) ? end : slotEnd, window));
            slot += size;
        }
        return windows;
    }

    /** Its form in Redis: {@code startMillis-endMillis-liveFromMillis}. */
    String encode() {
        return start.toEpochMilli() + "-" + end.toEpochMilli() + "-" + liveFrom.toEpochMilli();
    }

    static Gap decode(String text) {
        String[] parts = text.split("-");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a recorded gap: " + text);
        }
        return new Gap(Instant.ofEpochMilli(Long.parseLong(parts[0])), Instant.ofEpochMilli(Long.parseLong(parts[1])),
                Instant.ofEpochMilli(Long.parseLong(parts[2])));
    }

    /** What a window's record must reach for this gap: its end, or when the feed was live again if sooner. */
    Instant enough(Window window) {
        return liveFrom.isBefore(window.until()) ? liveFrom : window.until();
    }

    /**
     * One slot of the grid, asked for from {@code start} to {@code until} (the slot's end, or the
     * gap's end when that comes first).
     */
    record Window(Instant start, Instant slotEnd, Instant until, Duration size) {
        /** The slot's name in Redis keys: its start in epoch seconds and its length in seconds. */
        String slot() {
            return start.getEpochSecond() + ":" + size.toSeconds();
        }
    }
}
