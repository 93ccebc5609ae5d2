package wis2.gc.listener;

import java.util.ArrayDeque;

/**
 * Acknowledges the messages of one MQTT connection in the order they arrived (MQTT 3.1.1, 4.6),
 * each only once the caller has marked it done (forwarded to SQS, or dropped on purpose).
 *
 * <p>A sequencer lives as long as its connection. Once the connection is gone it is
 * {@link #close() closed} and never acknowledges again: a late PUBACK for an old packet id could
 * acknowledge a different message that reused it. What becomes of the messages it still holds
 * is known only at the next CONNACK ({@link #resolve}): when the broker kept the session it
 * re-sends every unacknowledged message, so those in hand are skipped; when it lost the session
 * nobody else has them any more, so they are sent to SQS all the same (without a PUBACK).
 */
final class AckSequencer {

    /** Sends the PUBACK of one message; must not block. */
    @FunctionalInterface
    interface Acknowledger {
        void acknowledge(int messageId, int qos);
    }

    /** What the forwarder does with a message, given the state of the connection it came on. */
    enum Disposition {
        /** its connection is up: send it, then acknowledge it */
        SEND,
        /** its connection is gone and the next CONNACK has not said yet whether the session survived */
        WAIT,
        /** the broker kept the session and re-sends it: do not send it twice */
        SKIP,
        /** the session is gone with its connection: send it, nobody else has it */
        SEND_UNACKNOWLEDGED
    }

    /** One arrived message awaiting its acknowledgement. */
    static final class Ticket {
        private final AckSequencer owner;
        private final int messageId;
        private final int qos;
        private boolean done;

        private Ticket(AckSequencer owner, int messageId, int qos) {
            this.owner = owner;
            this.messageId = messageId;
            this.qos = qos;
        }

        /** Marks the message done; it is acknowledged once every earlier one is. */
        void complete() {
            owner.complete(this);
        }

        /** False once the connection the message came on is gone. */
        boolean isCurrent() {
            return owner.isOpen();
        }

        Disposition disposition() {
            return owner.disposition();
        }
    }

    private final Acknowledger acknowledger;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private boolean open = true;
    /** Null while undecided (open, or closed before the next CONNACK). */
    private Boolean sessionKept;

    AckSequencer(Acknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    /** Called in arrival order (Paho's single callback thread). */
    synchronized Ticket register(int messageId, int qos) {
        Ticket ticket = new Ticket(this, messageId, qos);
        if (open) {
            waiting.addLast(ticket);
        }
        return ticket;
    }

    /**
     * Takes back a ticket that will never be completed on this connection (its message could not
     * be queued); the messages after it are then acknowledged without waiting for it, and the
     * broker re-sends it on the next connection.
     */
    synchronized void withdraw(Ticket ticket) {
        waiting.remove(ticket);
        acknowledgeReady();
    }

    synchronized void close() {
        open = false;
        waiting.clear();
    }

    synchronized boolean isOpen() {
        return open;
    }

    /**
     * Settles a closed sequencer's messages: {@code sessionKept} true when the next CONNACK said
     * the session was present (the broker re-sends them), false when it was lost (or when no
     * next connection will come, at a stop: sending a message twice is harmless, the manager
     * deduplicates, losing it is not).
     */
    synchronized void resolve(boolean sessionKept) {
        if (this.sessionKept == null) {
            this.sessionKept = sessionKept;
        }
    }

    synchronized Disposition disposition() {
        if (open) {
            return Disposition.SEND;
        }
        if (sessionKept == null) {
            return Disposition.WAIT;
        }
        return sessionKept ? Disposition.SKIP : Disposition.SEND_UNACKNOWLEDGED;
    }

    /** Messages registered and not yet acknowledged. */
    synchronized int outstanding() {
        return waiting.size();
    }

    private synchronized void complete(Ticket ticket) {
        ticket.done = true;
        acknowledgeReady();
    }

    private void acknowledgeReady() {
        while (open && !waiting.isEmpty() && waiting.peekFirst().done) {
            Ticket head = waiting.removeFirst();
            if (head.qos > 0) {
                acknowledger.acknowledge(head.messageId, head.qos);
            }
        }
    }
}
