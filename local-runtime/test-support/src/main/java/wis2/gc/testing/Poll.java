package wis2.gc.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or the time is up: the tests' one way to wait, never a fixed sleep. */
public final class Poll {
    private static final Duration EVERY = Duration.ofMillis(20);

    private Poll() {
    }

    /**
     * Returns as soon as {@code condition} holds, checking it every 20 ms.
     *
     * @throws AssertionError naming {@code what} when {@code timeout} passes first, or when interrupted
     */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(EVERY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
