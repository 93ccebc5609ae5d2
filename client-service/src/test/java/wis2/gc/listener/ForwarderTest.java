package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import wis2.gc.testing.MutableClock;

class ForwarderTest {

    /** A queue whose answer to each call the test decides. */
    private static final class FakeQueue implements MessageQueue {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        volatile Function<List<Inbound>, List<Outcome>> behaviour = batch ->
                Collections.nCopies(batch.size(), Outcome.SENT);

        @Override
        public List<Outcome> send(List<Inbound> batch) {
            calls.add(batch.stream().map(Inbound::body).toList());
            return behaviour.apply(batch);
        }
    }

    private final FakeQueue queue = new FakeQueue();
    private final List<Integer> acked = new CopyOnWriteArrayList<>();
    private final AckSequencer sequencer = new AckSequencer((id, qos) -> acked.add(id));
    private final ListenerMetrics metrics = new ListenerMetrics("gb", new MutableClock());
    private Forwarder forwarder;

    @AfterEach
    void stop() {
        forwarder.close();
    }

    private Forwarder forwarder(int capacity, int senders) {
        forwarder = new Forwarder(queue, metrics, new ThrottledLog(LoggerFactory.getLogger("test"), new MutableClock(),
                Duration.ofMinutes(1)), capacity, Duration.ofMillis(20), senders);
        return forwarder;
    }

    private Inbound message(int id, int weight) {
        return new Inbound("origin/a/wis2/x/data/core", "body-" + id, "group", "dedup-" + id, Instant.EPOCH, weight,
                sequencer.register(id, 1));
    }

    private List<Integer> ids(int count) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void offer_sendsInBatchesOfAtMostTenAndAcknowledgesAllInOrder() throws Exception {
        forwarder(100, 1);
        for (int id : ids(25)) {
            assertThat(forwarder.offer(message(id, 100))).isTrue();
        }

        assertThat(forwarder.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(acked).containsExactlyElementsOf(ids(25));
        assertThat(queue.calls).allSatisfy(call -> assertThat(call).hasSizeLessThanOrEqualTo(10));
        assertThat(queue.calls.stream().mapToInt(List::size).sum()).isEqualTo(25);
        assertThat(metrics.forwardedCount()).isEqualTo(25);
    }

    @Test
    void offer_splitsBatchesThatWouldExceedTheRequestSizeLimit() throws Exception {
        forwarder(100, 1);
        for (int id : ids(3)) {
            forwarder.offer(message(id, 400_000));
        }

        assertThat(forwarder.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(queue.calls).extracting(List::size).containsExactly(2, 1);
        assertThat(acked).containsExactly(1, 2, 3);
    }

    @Test
    void send_retriesAFailedCallAndAcknowledgesNothingUntilItSucceeds() throws Exception {
        forwarder(100, 1);
        queue.behaviour = batch -> {
            throw new IllegalStateException("queue unreachable");
        };
        forwarder.offer(message(1, 100));
        Thread.sleep(300);
        assertThat(acked).isEmpty();
        assertThat(metrics.sqsErrorCount()).isPositive();

        queue.behaviour = batch -> Collections.nCopies(batch.size(), MessageQueue.Outcome.SENT);

        assertThat(forwarder.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(acked).containsExactly(1);
    }

    @Test
    void send_retriesOnlyTheFailedEntriesOfABatch() throws Exception {
        forwarder(100, 1);
        List<String> failedOnce = new CopyOnWriteArrayList<>();
        queue.behaviour = batch -> batch.stream().map(message -> {
            if (message.body().equals("body-2") && !failedOnce.contains("body-2")) {
                failedOnce.add("body-2");
                return MessageQueue.Outcome.RETRY;
            }
            return MessageQueue.Outcome.SENT;
        }).toList();
        for (int id : ids(3)) {
            forwarder.offer(message(id, 100));
        }

        assertThat(forwarder.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(queue.calls).containsExactly(List.of("body-1", "body-2", "body-3"), List.of("body-2"));
        assertThat(acked).containsExactly(1, 2, 3);
        assertThat(metrics.forwardedCount()).isEqualTo(3);
    }

    @Test
    void send_dropsAndAcknowledgesWhatSqsRejects() throws Exception {
        forwarder(100, 1);
        queue.behaviour = batch -> Collections.nCopies(batch.size(), MessageQueue.Outcome.REJECTED);
        forwarder.offer(message(1, 100));

        assertThat(forwarder.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(acked).containsExactly(1);
        assertThat(metrics.droppedCount(DropReason.SQS_REJECTED)).isEqualTo(1);
        assertThat(queue.calls).hasSize(1);
    }

    @Test
    void send_skipsMessagesOfAnEndedConnectionWhenTheBrokerKeptTheSession() throws Exception {
        forwarder(100, 1);
        Inbound stale = message(1, 100);
        sequencer.close();
        forwarder.offer(stale);
        Thread.sleep(200);
        assertThat(forwarder.pending()).as("held until the next CONNACK decides").isEqualTo(1);

        sequencer.resolve(true);

        assertThat(forwarder.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(queue.calls).isEmpty();
        assertThat(acked).isEmpty();
    }

    @Test
    void send_sendsMessagesOfAnEndedConnectionWhenTheSessionWasLost_withoutAcknowledging() throws Exception {
        forwarder(100, 1);
        forwarder.offer(message(1, 100));
        forwarder.offer(message(2, 100));
        sequencer.close();
        Thread.sleep(200);
        assertThat(queue.calls).isEmpty();

        sequencer.resolve(false);

        assertThat(forwarder.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(queue.calls.stream().flatMap(List::stream)).containsExactlyInAnyOrder("body-1", "body-2");
        assertThat(acked).isEmpty();
        assertThat(metrics.forwardedCount()).isEqualTo(2);
    }

    @Test
    void send_tellsTheObserverOfEachMessageSqsAccepted() throws Exception {
        List<Instant> seen = new CopyOnWriteArrayList<>();
        MutableClock clock = new MutableClock();
        forwarder = new Forwarder(queue, metrics,
                new ThrottledLog(LoggerFactory.getLogger("test"), clock, Duration.ofMinutes(1)),
                100, Duration.ofMillis(20), 1, new FeedObserver() {
                    @Override
                    public void forwarded(Instant at) {
                        seen.add(at);
                        throw new IllegalStateException("an observer that fails changes nothing");
                    }
                }, clock);
        for (int id : ids(3)) {
            forwarder.offer(message(id, 100));
        }

        assertThat(forwarder.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(seen).hasSize(3).allMatch(clock.instant()::equals);
        assertThat(acked).containsExactly(1, 2, 3);
    }

    @Test
    void offer_refusesWhenFull() {
        forwarder(10, 1);
        queue.behaviour = batch -> {
            throw new IllegalStateException("queue unreachable");
        };
        int accepted = 0;
        for (int id : ids(30)) {
            if (forwarder.offer(message(id, 100))) {
                accepted++;
            }
        }

        // ten queued, at most ten more taken into the batch being retried
        assertThat(accepted).isBetween(10, 20);
        assertThat(forwarder.pending()).isEqualTo(accepted);
    }
}
