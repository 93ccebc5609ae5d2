package wis2.gc.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import wis2.gc.model.Metric;

/**
 * What backfill keeps where every listener (and a restarted one) sees it: the feed marks, the
 * record of which windows were fetched, the window locks, the gaps not yet filled, and the
 * backfill counters. {@link RedisReplayState} in production.
 */
interface ReplayState extends AutoCloseable {

    /**
     * Where a feed stood, on the cache's own clock.
     *
     * @param forwarded when SQS last accepted one of its messages
     * @param alive     when the listener was last seen connected to its broker
     */
    record Mark(Instant forwarded, Instant alive) {}

    Optional<Mark> mark(String broker);

    void saveMark(String broker, Mark mark);

    /** Up to when the window {@code slot} of subscription set {@code set} was fetched, if it was. */
    Optional<Instant> fetchedUntil(String set, String slot);

    /** Records that {@code slot} was fetched up to {@code until} (a later record is kept). */
    void fetched(String set, String slot, Instant until);

    /** Takes the lock of {@code slot} for {@code owner} for at most {@code ttl}; false when another holds it. */
    boolean lock(String set, String slot, String owner, Duration ttl);

    /** Gives the lock back, if {@code owner} still holds it. */
    void unlock(String set, String slot, String owner);

    void addPending(String set, Gap gap);

    /** The gaps of {@code set} not yet filled, oldest end first. */
    List<Gap> pending(String set);

    void removePending(String set, Gap gap);

    /** Adds {@code amount} to one series of a backfill counter (read by the metrics endpoint). */
    void count(Metric metric, List<String> labelValues, long amount);

    @Override
    void close();
}
