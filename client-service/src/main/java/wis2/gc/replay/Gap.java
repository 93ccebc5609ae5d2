package wis2.gc.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code pubtime} interval, start inclusive and end inclusive, whose notifications a feed may
 * have missed.
 */
record Gap(Instant start, Instant end) {

    Gap {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a gap ends after it starts, got " + start + " to " + end);
        }
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
        while (slot <= end.toEpochMilli()) {
            Instant slotStart = Instant.ofEpochMilli(slot);
            Instant slotEnd = Instant.ofEpochMilli(slot + size);
            windows.add(new Window(slotStart, slotEnd, end.isBefore(slotEnd) ? end : slotEnd, window));
            slot += size;
        }
        return windows;
    }

    /** Its form in Redis: {@code startMillis-endMillis}. */
    String encode() {
        return start.toEpochMilli() + "-" + end.toEpochMilli();
    }

    static Gap decode(String text) {
        int cut = text.indexOf('-', 1);
        return new Gap(Instant.ofEpochMilli(Long.parseLong(text.substring(0, cut))),
                Instant.ofEpochMilli(Long.parseLong(text.substring(cut + 1))));
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
