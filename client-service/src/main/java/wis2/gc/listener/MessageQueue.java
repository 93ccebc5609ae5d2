package wis2.gc.listener;

import java.util.List;

/** The SQS queue as the forwarder sees it: one SendMessageBatch call. */
interface MessageQueue {

    /** What became of one entry of a batch. */
    enum Outcome {
        SENT,
        /** a transient failure of this entry: send it again */
        RETRY,
        /** refused as the sender's fault: sending it again cannot succeed */
        REJECTED
    }

    /**
     * Sends up to ten messages; returns one outcome per message, in order. Throws when the
     * whole call failed (queue unreachable, throttled, ...), which the caller retries.
     */
    List<Outcome> send(List<Inbound> batch);
}
