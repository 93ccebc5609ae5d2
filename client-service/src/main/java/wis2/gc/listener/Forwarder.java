package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.event.Level;

/**
 * Moves messages from MQTT to SQS: a bounded in-memory queue drained by a few sender threads,
 * each building batches of up to ten messages (or as many as fit in one SendMessageBatch) that
 * wait at most {@code linger} for company. A batch is retried, with backoff, until SQS has
 * accepted every entry; each accepted message's ticket is then completed, which acknowledges it
 * to the broker. Nothing is ever acknowledged before SQS has it, so an SQS outage only holds
 * messages back (in this queue, and unacknowledged at the broker).
 *
 * <p>{@link #offer} never blocks: Paho delivers on a single thread that also has to keep the
 * connection alive, so the caller decides what to do when the queue is full.
 */
final class Forwarder implements AutoCloseable {

    static final int MAX_BATCH_ENTRIES = 10;
    /** SendMessageBatch refuses more than 1 MiB in one call (as much as one message may weigh). */
    static final int MAX_BATCH_BYTES = ListenerConfig.SQS_MAX_MESSAGE_BYTES;
    /** How often a sender looks again at messages whose connection is gone, until the next CONNACK decides. */
    private static final Duration SETTLE_POLL = Duration.ofMillis(20);

    private static final Duration RETRY_INITIAL = Duration.ofMillis(100);
    private static final Duration RETRY_MAX = Duration.ofSeconds(5);

    private final MessageQueue queue;
    private final ListenerMetrics metrics;
    private final ThrottledLog log;
    private final Duration linger;
    private final BlockingQueue<Inbound> waiting;
    /** Messages accepted by {@link #offer} and not yet done with (sent, dropped or abandoned). */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final List<Thread> senders = new ArrayList<>();
    private final FeedObserver observer;
    private final Clock clock;
    private volatile boolean running = true;

    Forwarder(MessageQueue queue, ListenerMetrics metrics, ThrottledLog log, int capacity, Duration linger,
            int senderCount) {
        this(queue, metrics, log, capacity, linger, senderCount, FeedObserver.NONE, Clock.systemUTC());
    }

    Forwarder(MessageQueue queue, ListenerMetrics metrics, ThrottledLog log, int capacity, Duration linger,
            int senderCount,
              FeedObserver observer, Clock clock) {
        this.observer = observer;
        this.clock = clock;
        this.queue = queue;
        this.metrics = metrics;
        this.log = log;
        this.linger = linger;
        this.waiting = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < senderCount; i++) {
            Thread sender = Thread.ofPlatform().name("sqs-sender-" + i).daemon().start(this::sendLoop);
            senders.add(sender);
        }
    }

    /** Queues a message; false when the queue is full (the message is then not taken). */
    boolean offer(Inbound message) {
        if (!running) {
            return false;
        }
        outstanding.incrementAndGet();
        if (waiting.offer(message)) {
            return true;
        }
        outstanding.decrementAndGet();
        return false;
    }

    /** Messages queued or in a batch being sent. */
    int pending() {
        return outstanding.get();
    }

    /** Waits until every queued message is done with; false if the timeout came first. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Stops the senders at once; what was not sent stays unacknowledged and the broker re-sends it. */
    @Override
    public void close() {
        running = false;
        senders.forEach(Thread::interrupt);
        for (Thread sender : senders) {
            try {
                sender.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendLoop() {
        Backoff backoff = new Backoff(RETRY_INITIAL, RETRY_MAX, ThreadLocalRandom.current());
        Inbound carried = null;
        try {
            while (running) {
                Inbound first = carried != null ? carried : waiting.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                List<Inbound> batch = new ArrayList<>(MAX_BATCH_ENTRIES);
                batch.add(first);
                int bytes = first.sqsBytes();
                long deadline = System.nanoTime() + linger.toNanos();
                while (batch.size() < MAX_BATCH_ENTRIES) {
                    Inbound next = waiting.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (bytes + next.sqsBytes() > MAX_BATCH_BYTES) {
                        carried = next; // starts the next batch
                        break;
                    }
                    batch.add(next);
                    bytes += next.sqsBytes();
                }
                sendUntilAccepted(batch, backoff);
            }
        } catch (InterruptedException e) {
            // closing: unsent messages stay unacknowledged
        }
    }

    private void sendUntilAccepted(List<Inbound> batch, Backoff backoff) throws InterruptedException {
        List<Inbound> remaining = batch;
        try {
            backoff.reset();
            while (true) {
                remaining = settle(remaining);
                if (remaining.isEmpty()) {
                    return;
                }
                List<Inbound> retry = sendOnce(remaining);
                if (retry.isEmpty()) {
                    return;
                }
                remaining = retry;
                Thread.sleep(backoff.next());
            }
        } finally {
            outstanding.addAndGet(-batch.size());
        }
    }

    /**
     * Leaves out the messages the broker will re-send (their session survived), keeps those whose
     * session was lost, and waits while the fate of any is still open: their connection is gone
     * and the next CONNACK, or the stop, will decide.
     */
    private static List<Inbound> settle(List<Inbound> batch) throws InterruptedException {
        List<Inbound> keep = batch;
        while (true) {
            boolean undecided = false;
            List<Inbound> next = new ArrayList<>(keep.size());
            for (Inbound message : keep) {
                switch (message.ticket().disposition()) {
                    case SKIP -> { }
                    case WAIT -> {
                        undecided = true;
                        next.add(message);
                    }
                    case SEND, SEND_UNACKNOWLEDGED -> next.add(message);
                }
            }
            if (!undecided) {
                return next;
            }
            keep = next;
            Thread.sleep(SETTLE_POLL);
        }
    }

    /** One SendMessageBatch call; returns the messages to send again. */
    private List<Inbound> sendOnce(List<Inbound> batch) {
        long start = System.nanoTime();
        List<MessageQueue.Outcome> outcomes;
        try {
            outcomes = queue.send(batch);
        } catch (RuntimeException e) {
            metrics.sqsError();
            log.log(Level.WARN, "sqs-call", "SendMessageBatch failed, retrying: " + e);
            return batch;
        }
        metrics.batchSent(Duration.ofNanos(System.nanoTime() - start));
        List<Inbound> retry = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < batch.size(); i++) {
            Inbound message = batch.get(i);
            switch (outcomes.get(i)) {
                case SENT -> {
                    sent++;
                    message.ticket().complete();
                    notifyForwarded();
                }
                case RETRY -> retry.add(message);
                case REJECTED -> {
                    metrics.dropped(DropReason.SQS_REJECTED);
                    log.log(Level.ERROR, "sqs-rejected", "SQS refused a message on " + message.topic()
                            + " as invalid; it is dropped");
                    message.ticket().complete();
                }
            }
        }
        metrics.forwarded(sent);
        if (!retry.isEmpty()) {
            metrics.sqsError();
            log.log(Level.WARN, "sqs-entry", retry.size() + " of " + batch.size()
                    + " batch entries failed, retrying them");
        }
        return retry;
    }

    private void notifyForwarded() {
        try {
            observer.forwarded(clock.instant());
        } catch (RuntimeException e) {
            log.log(Level.WARN, "observer-forwarded", "the feed observer failed on a forwarded message: " + e);
        }
    }
}
