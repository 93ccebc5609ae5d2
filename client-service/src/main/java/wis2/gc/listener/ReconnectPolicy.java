package wis2.gc.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to connect again. Every lost connection and every failed attempt waits (exponential,
 * jittered, up to {@code max}); the steps start again from the first only once a connection has
 * lasted {@code stable}. A connection that ends sooner, twice in a row, is flapping: most often
 * a second client with our client id (a takeover: the broker closes one session as the other
 * connects), or a broker that closes at once. Then the pause keeps doubling past {@code max}, up
 * to {@link #FLAP_CEILING_FACTOR} times it (an hour with the default minute), so that two
 * listeners sharing one id settle to one owner after a few takeovers instead of taking the
 * session from each other until one exits (and a Global Broker that bans flapping client ids is
 * not provoked). The owner that had held the session for the stable period gets it back within
 * a second; the newcomer's attempts grow rarer. A restart of the listener starts afresh.
 *
 * <p>Not thread-safe: used by the connection's supervisor thread only.
 */
final class ReconnectPolicy {

    /** The longest pause while flapping, in units of {@code max}. */
    static final int FLAP_CEILING_FACTOR = 60;

    private final Backoff backoff;
    private final Duration max;
    private final Duration stable;
    private final RandomGenerator random;
    private Instant connectedAt;
    private int flaps;

    ReconnectPolicy(Duration initial, Duration max, Duration stable, RandomGenerator random) {
        this.backoff = new Backoff(initial, max, random);
        this.max = max;
        this.stable = stable;
        this.random = random;
    }

    /** A connection is up. */
    void connected(Instant at) {
        connectedAt = at;
    }

    /**
     * The connection that came up last is gone at {@code at}; returns the pause before the next
     * attempt, and whether the connection was short-lived (a suspected takeover).
     */
    Pause lost(Instant at) {
        boolean shortLived = connectedAt != null && Duration.between(connectedAt, at).compareTo(stable) < 0;
        connectedAt = null;
        if (shortLived) {
            flaps++;
        } else {
            flaps = 0;
            backoff.reset();
        }
        Duration ordinary = backoff.next();
        if (flaps < 2) {
            return new Pause(ordinary, shortLived);
        }
        long ceiling = max.toMillis() * FLAP_CEILING_FACTOR;
        long step = max.toMillis() << Math.min(flaps - 1, 20);
        long bound = Math.max(ordinary.toMillis(), Math.min(ceiling, step));
        return new Pause(Duration.ofMillis(bound / 2 + random.nextLong(bound / 2 + 1)), true);
    }

    /** A connection attempt failed; returns the pause before the next. */
    Duration failed() {
        return backoff.next();
    }

    /** How long to wait, and whether the connection it follows ended within the stable period. */
    record Pause(Duration delay, boolean shortLived) {}
}
