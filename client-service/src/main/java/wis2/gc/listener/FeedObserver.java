package wis2.gc.listener;

/**
 * What the backfill from the Global Replay service needs to know about one feed (issue 14's
 * hook into the listener): each successful connection with the broker's session-present flag,
 * each lost connection, and each batch of messages SQS accepted. Called on the listener's own
 * threads (MQTT supervisor, Paho callback, SQS senders): an implementation must not block.
 */
public interface FeedObserver {

    /** Observes nothing: a listener without backfill. */
    FeedObserver NONE = new FeedObserver() {
        @Override
        public void connected(boolean sessionPresent) {
        }

        @Override
        public void disconnected() {
        }

        @Override
        public void forwarded(int count) {
        }
    };

    /** Connected and subscribed; {@code sessionPresent} is the CONNACK flag (false: the broker kept no session). */
    void connected(boolean sessionPresent);

    /** The connection is gone (lost, or closed to resynchronise). */
    void disconnected();

    /** SQS accepted {@code count} (at least 1) messages of this feed just now. */
    void forwarded(int count);
}
