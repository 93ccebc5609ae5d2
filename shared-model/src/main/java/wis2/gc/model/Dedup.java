package wis2.gc.model;

import java.util.Objects;
import java.util.Optional;

/** The dedup rule as a pure function; the atomic claim in Redis applies the same rule. */
public final class Dedup {

    private Dedup() {
    }

    /**
     * Decides for {@code n} given the pubtime stored for its {@code data_id}, if any.
     * Unseen: process. Later pubtime: process only with a {@code rel=update} or
     * {@code rel=deletion} link. Everything else is a duplicate. The rule is the same
     * for cacheable, {@code cache=false} and deletion messages.
     */
    public static DedupDecision decide(Optional<Pubtime> stored, Notification n) {
        Objects.requireNonNull(n, "notification");
        if (stored.isEmpty()) {
            return DedupDecision.PROCESS;
        }
        boolean newer = n.pubtime().isAfter(stored.get());
        return newer && (n.isUpdate() || n.isDeletion()) ? DedupDecision.PROCESS : DedupDecision.DUPLICATE;
    }
}
