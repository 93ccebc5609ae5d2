package wis2.gc.replay;

import java.util.Objects;

/**
 * One notification from the Global Replay service, ready to enqueue: the topic it was
 * received on, and its bytes without the {@code properties.topic} the service added.
 */
record Replayed(String topic, byte[] body) {
    Replayed {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
    }
}
