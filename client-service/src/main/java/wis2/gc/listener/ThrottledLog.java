package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs a recurring event at most once per key and period, with how many were held back, so a
 * flood of bad messages or a long outage cannot flood the log.
 */
final class ThrottledLog {

    private record Window(Instant lastLogged, AtomicLong suppressed) {}

    private final Logger logger;
    private final Clock clock;
    private final Duration period;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    ThrottledLog(Logger logger, Clock clock, Duration period) {
        this.logger = logger;
        this.clock = clock;
        this.period = period;
    }

    /** Returns whether the line was written (false: counted for the next one). */
    boolean log(Level level, String key, String message) {
        Instant now = clock.instant();
        Window previous = windows.get(key);
        if (previous != null && now.isBefore(previous.lastLogged().plus(period))) {
            previous.suppressed().incrementAndGet();
            return false;
        }
        Window next = new Window(now, new AtomicLong());
        boolean won = previous == null ? windows.putIfAbsent(key, next) == null : windows.replace(key, previous, next);
        if (!won) {
            // another thread logged this key just now
            windows.get(key).suppressed().incrementAndGet();
            return false;
        }
        long held = previous == null ? 0 : previous.suppressed().get();
        logger.atLevel(level).log(held == 0 ? message : message + " (and " + held + " more since the last report)");
        return true;
    }
}
