package wis2.gc.listener;

import java.util.ArrayDeque;

/**
 * Acknowledges the messages of one MQTT connection in the order they arrived (MQTT 3.1.1, 4.6),
 * each only once the caller has marked it done (forwarded to SQS, or dropped on purpose).
 *
 * <p>A sequencer lives as long as its connection. Once the connection is gone it is
 * {@link #close() closed} and never acknowledges again: the broker re-sends every unacknowledged
 * message of a persistent session on the next connection, and a late PUBACK for an old packet
 * id could acknowledge a different message that reused it.
 */
final class AckSequencer {

    /** Sends the PUBACK of one message; must not block. */
    @FunctionalInterface
    interface Acknowledger {
        void acknowledge(int messageId, int qos);
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

        /** False once the connection the message came on is gone (the broker will re-send it). */
        boolean isCurrent() {
            return owner.isOpen();
        }
    }

    private final Acknowledger acknowledger;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private boolean open = true;

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
