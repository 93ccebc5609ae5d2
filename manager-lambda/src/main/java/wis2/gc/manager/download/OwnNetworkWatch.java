package wis2.gc.manager.download;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells a failure of the cache's own network from failures of sources: when at least
 * {@code hosts} distinct hosts could not be connected to or resolved within {@code window}, and
 * no host at all was reached since, the fault is the cache's. One source (or a few) down is the
 * sources' business; everything unreachable at once is a NAT gateway or resolver.
 */
public final class OwnNetworkWatch {
    private final int hosts;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Instant> failures = new HashMap<>();
    private Instant lastReached = Instant.MIN;

    public OwnNetworkWatch(int hosts, Duration window, Clock clock) {
        if (hosts < 2) {
            throw new IllegalArgumentException("the own-network watch needs at least 2 hosts, was " + hosts);
        }
        this.hosts = hosts;
        this.window = window;
        this.clock = clock;
    }

    /** A connection to some host was made: the cache's network works. */
    synchronized void reached() {
        lastReached = clock.instant();
        failures.clear();
    }

    /** {@code host} could not be connected to or resolved. */
    synchronized void unreachable(String host) {
        failures.put(host, clock.instant());
    }

    /** True while the failures say the cache's own network is down. */
    synchronized boolean ownNetworkDown() {
        Instant since = clock.instant().minus(window);
        if (lastReached.isAfter(since)) {
            since = lastReached;
        }
        Instant from = since;
        failures.values().removeIf(t -> t.isBefore(from));
        return failures.size() >= hosts;
    }
}
