package wis2.gc.model;

import java.util.Locale;

/** What became of one received message; one per message, logged and counted in {@code gc_outcomes_total}. */
public enum Outcome {
    /** Downloaded (or taken inline), verified, stored and republished. */
    CACHED,
    /** Republished without caching: {@code cache=false} or deletion. */
    PASSED_THROUGH,
    /** Already processed. */
    DUPLICATE,
    /** Not for this cache, e.g. a {@code recommended} topic. */
    IGNORED,
    /** Not a valid notification or topic. */
    INVALID,
    /** The cache declined to cache it and passed it through, saying so in a monitoring event. */
    REFUSED,
    /** The source could not be downloaded. */
    DOWNLOAD_FAILED,
    /** The downloaded data did not match the integrity value. */
    INTEGRITY_FAILED;

    /** The snake_case name used in logs and as the {@code outcome} label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
