package wis2.gc.model;

/** What to do with a message given what the cache has already processed. */
public enum DedupDecision {
    /** An instance the cache has not processed: claim and process it. */
    PROCESS,
    /** A copy of what was processed, or an older/equal or canonical-only later instance: drop and count it. */
    DUPLICATE
}
