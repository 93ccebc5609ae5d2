package wis2.gc.listener;

import java.time.Instant;

/**
 * What a listener tells about its feed as it goes, for code that watches a feed for gaps (the
 * backfill from the Global Replay service). Register one with
 * {@link Listener#start(ListenerConfig, software.amazon.awssdk.services.sqs.SqsClient, FeedObserver)}.
 *
 * <p>Both methods are called on the listener's own threads and must return quickly; an
 * exception thrown by them is logged and otherwise ignored.
 */
public interface FeedObserver {

    /** Observes nothing. */
    FeedObserver NONE = new FeedObserver() { };

    /**
     * The listener connected to its Global Broker (each connection, the first one included).
     *
     * @param sessionPresent the CONNACK's session-present flag: false means the broker had no
     *                       session for this client id, so whatever it held for us while we were
     *                       away (or before we ever connected) may be gone: a gap to backfill
     * @param at             when the CONNACK arrived
     */
    default void connected(boolean sessionPresent, Instant at) {
    }

    /**
     * The connection to the Global Broker ended (lost, or closed to resynchronise); not called
     * when the listener stops.
     *
     * @param at when the listener noticed
     */
    default void disconnected(Instant at) {
    }

    /**
     * SQS accepted one notification from this feed.
     *
     * @param at when SQS accepted it
     */
    default void forwarded(Instant at) {
    }
}
