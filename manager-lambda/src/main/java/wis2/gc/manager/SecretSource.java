package wis2.gc.manager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import wis2.gc.config.ConfigException;

/**
 * The manager's secrets as they are now. Read at start; read again after a SnapStart restore
 * ({@link #reload()}, as the snapshot may be days old and the secrets rotated since), and read
 * again when Redis or the broker refuses the credentials in use ({@link #refresh}), so a
 * rotation done while the manager runs costs one re-read rather than every record until the
 * DLQ fills. Only when the re-read secrets are refused too is it a fault.
 *
 * <p>Refusals of many records at once lead to one read: a refresh asked with secrets that were
 * already replaced uses the replacement, and refusals make the secrets be read at most once per
 * {@link #MIN_INTERVAL}, so wrong secrets do not turn every record into a Secrets Manager call.
 */
final class SecretSource {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    private final Supplier<ManagerSecrets> reader;
    private final Clock clock;
    private volatile ManagerSecrets current;
    /** When a refusal last made the secrets be read; null before the first. */
    private Instant lastRefresh;

    /** @param reader reads the secrets where they are kept; throws {@link ConfigException} when it cannot */
    SecretSource(Supplier<ManagerSecrets> reader, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = clock;
        this.current = Objects.requireNonNull(reader.get(), "secrets");
    }

    /** Secrets that never change (the one-machine runtime's, and tests'). */
    static SecretSource fixed(ManagerSecrets secrets) {
        return new SecretSource(() -> secrets, Clock.systemUTC());
    }

    ManagerSecrets current() {
        return current;
    }

    /** Reads the secrets again, whenever it was done last (after a restore). */
    synchronized void reload() {
        current = Objects.requireNonNull(reader.get(), "secrets");
    }

    /**
     * Called when {@code refused} were refused: reads the secrets again unless that was just
     * done, and tells whether the secrets now in force differ from the refused ones (only then
     * is another try worth it).
     */
    synchronized boolean refresh(ManagerSecrets refused) {
        Instant now = clock.instant();
        if (current == refused && (lastRefresh == null || !now.isBefore(lastRefresh.plus(MIN_INTERVAL)))) {
            lastRefresh = now;
            current = Objects.requireNonNull(reader.get(), "secrets");
        }
        return !current.equals(refused);
    }
}
