package wis2.gc.manager;

/** Publishes on the cache's own broker with QoS 1. */
interface Publisher {
    /**
     * Publishes and returns once the broker acknowledged (PUBACK).
     *
     * @throws PublishException when the broker is unreachable or the ack does not come in time
     */
    void publish(String topic, byte[] payload);

    /**
     * As {@link #publish(String, byte[])}, waiting for the ack no later than {@code by}: a broker
     * that is slow to answer fails the record for retry rather than outlasting the invocation.
     */
    default void publish(String topic, byte[] payload, Deadline by) {
        publish(topic, payload);
    }
}
