package wis2.gc.manager;

import java.time.Duration;
import wis2.gc.model.Pubtime;

/**
 * The atomic memory of which instances (the topic's centre-id + {@code data_id} + {@code pubtime})
 * were processed.
 * A worker claims an instance before doing anything visible, commits it after publishing and
 * releases it when the attempt failed, so a later copy is processed.
 */
interface ClaimStore {
    /**
     * Claims the instance unless it (or a later one) was processed, or unless it is later but
     * {@code acceptsLater} is false (only {@code rel=update}/{@code rel=deletion} replace a
     * processed instance). Each claim gets a fencing token of its own (the {@code owner}, the SQS
     * message id, plus a unique part): nobody, not even a retry of the same message, takes over
     * a live claim. The claim lasts {@code lease}, which the caller makes outlive its own deadline,
     * so a claim ends by commit or release, or by expiry only once its holder is gone.
     *
     * @throws RedisFailureException when the store cannot be reached
     */
    ClaimResult claim(String centreId, String dataId, Pubtime pubtime, boolean acceptsLater, String owner,
            Duration lease);

    /** Records the instance as processed (for at least the retention time) and ends the claim. */
    void commit(Claim claim);

    /** Ends the claim without recording the instance, so another copy may try again. */
    void release(Claim claim);

    /** A live claim on one instance ({@code centreId} is the topic's), identified by its owner's token. */
    record Claim(String centreId, String dataId, Pubtime pubtime, String token) {
    }

    /** What a claim attempt found. */
    sealed interface ClaimResult {
        /** This worker owns the instance now. */
        record Claimed(Claim claim) implements ClaimResult {
        }

        /** This instance, or a later one, was processed already. */
        record Duplicate() implements ClaimResult {
        }

        /** Another worker holds a claim on this data_id right now. */
        record Busy() implements ClaimResult {
        }
    }
}
