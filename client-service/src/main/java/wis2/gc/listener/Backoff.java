package wis2.gc.listener;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th delay is drawn between half and all of
 * {@code min(max, initial * 2^n)}, so listeners restarted together do not retry in step.
 * Not thread-safe: one per retrying loop.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int attempt;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (!initial.isPositive() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    Duration next() {
        long ceiling = initial.toMillis() << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        } else {
            attempt++;
        }
        return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
    }

    void reset() {
        attempt = 0;
    }
}
