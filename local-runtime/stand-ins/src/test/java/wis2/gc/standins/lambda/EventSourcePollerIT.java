package wis2.gc.standins.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import wis2.gc.standins.EmbeddedSqs;
import wis2.gc.standins.StandIns;
import wis2.gc.testing.Poll;

class EventSourcePollerIT {
    private static final EventSourcePoller.Settings FAST =
            new EventSourcePoller.Settings(4, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private static EmbeddedSqs sqsServer;
    private static SqsClient sqs;

    @BeforeAll
    static void startSqs() {
        sqsServer = EmbeddedSqs.start();
        sqs = SqsClient.builder()
                .endpointOverride(sqsServer.endpoint())
                .region(StandIns.REGION)
                .credentialsProvider(StandIns.awsCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        sqsServer.close();
    }

    private record Queues(String url, String dlqUrl) {
    }

    private static Queues newQueue(int maxReceiveCount) {
        String name = "q" + QUEUES.incrementAndGet();
        String url = sqsServer.createFifoQueue(name + ".fifo", name + "-dlq.fifo", maxReceiveCount);
        return new Queues(url, sqs.getQueueUrl(r -> r.queueName(name + "-dlq.fifo")).queueUrl());
    }

    private static void send(String queueUrl, String group, String body) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageGroupId(group).messageDeduplicationId(body).messageBody(body)
                .messageAttributes(Map.of("topic", MessageAttributeValue.builder().dataType("String")
                        .stringValue("origin/a/wis2/" + group).build())));
    }

    private static int messagesLeft(String queueUrl) {
        var a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static EventSourcePoller poll(String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        return EventSourcePoller.start(sqs, queueUrl, "test-fn", handler, FAST, Clock.systemUTC());
    }

    @Test
    void poller_handsOverLambdaShapedRecords_andDeletesTheSuccesses() {
        Queues q = newQueue(3);
        List<SQSEvent.SQSMessage> seen = new CopyOnWriteArrayList<>();
        send(q.url(), "group-a", "body-1");
        try (var poller = poll(q.url(), (event, context) -> {
            assertThat(context.getRemainingTimeInMillis()).isPositive();
            seen.addAll(event.getRecords());
            return new SQSBatchResponse(List.of());
        })) {
            Poll.until(Duration.ofSeconds(10), () -> seen.size() == 1, "one record");
            Poll.until(Duration.ofSeconds(10), () -> messagesLeft(q.url()) == 0, "the record deleted");
        }
        SQSEvent.SQSMessage r = seen.getFirst();
        assertThat(r.getMessageId()).isNotBlank();
        assertThat(r.getReceiptHandle()).isNotBlank();
        assertThat(r.getBody()).isEqualTo("body-1");
        assertThat(r.getMd5OfBody()).isNotBlank();
        assertThat(r.getEventSource()).isEqualTo("aws:sqs");
        assertThat(r.getEventSourceArn()).endsWith(":" + q.url().substring(q.url().lastIndexOf('/') + 1));
        assertThat(r.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(r.getAttributes()).containsEntry("MessageGroupId", "group-a")
                .containsEntry("MessageDeduplicationId", "body-1")
                .containsEntry("ApproximateReceiveCount", "1")
                .containsKeys("SentTimestamp", "SequenceNumber");
        assertThat(r.getMessageAttributes().get("topic").getStringValue()).isEqualTo("origin/a/wis2/group-a");
        assertThat(r.getMessageAttributes().get("topic").getDataType()).isEqualTo("String");
    }

    @Test
    void poller_letsReportedFailuresReappear_untilTheRedrivePolicyMovesThemToTheDlq() {
        Queues q = newQueue(2);
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        send(q.url(), "ok", "fine");
        send(q.url(), "bad", "broken");
        try (var poller = poll(q.url(), (event, context) -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (var r : event.getRecords()) {
                deliveries.computeIfAbsent(r.getBody(), b -> new AtomicInteger()).incrementAndGet();
                if (r.getBody().equals("broken")) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(r.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        })) {
            Poll.until(Duration.ofSeconds(20), () -> messagesLeft(q.dlqUrl()) == 1, "the failing message in the DLQ");
            Poll.until(Duration.ofSeconds(10), () -> messagesLeft(q.url()) == 0, "the queue empty");
        }
        assertThat(deliveries.get("fine")).hasValue(1);
        assertThat(deliveries.get("broken")).hasValue(2);
        assertThat(sqs.receiveMessage(r -> r.queueUrl(q.dlqUrl())).messages().getFirst().body()).isEqualTo("broken");
    }

    @Test
    void poller_retriesTheWholeBatch_whenTheHandlerThrowsOrNamesAnUnknownMessage() {
        Queues q = newQueue(5);
        AtomicInteger calls = new AtomicInteger();
        send(q.url(), "g", "once");
        try (var poller = poll(q.url(), (event, context) -> switch (calls.incrementAndGet()) {
            case 1 -> throw new IllegalStateException("redis down");
            case 2 -> new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("not-in-this-batch")));
            default -> new SQSBatchResponse(List.of());
        })) {
            Poll.until(Duration.ofSeconds(20), () -> messagesLeft(q.url()) == 0,
                    "the message deleted on the third call");
        }
        assertThat(calls).hasValue(3);
    }

    @Test
    void poller_keepsTheOrderWithinAGroup_acrossConcurrentPollers() {
        Queues q = newQueue(3);
        Map<String, List<Integer>> order = new ConcurrentHashMap<>();
        for (int i = 0; i < 15; i++) {
            for (String g : List.of("a", "b", "c")) {
                send(q.url(), g, g + "-" + i);
            }
        }
        try (var poller = poll(q.url(), (event, context) -> {
            for (var r : event.getRecords()) {
                String[] parts = r.getBody().split("-");
                order.computeIfAbsent(parts[0], g -> Collections.synchronizedList(new ArrayList<>()))
                        .add(Integer.parseInt(parts[1]));
            }
            return new SQSBatchResponse(List.of());
        })) {
            Poll.until(Duration.ofSeconds(20),
                    () -> order.values().stream().mapToInt(List::size).sum() == 45, "all 45 handled");
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, 15).boxed().toList();
        assertThat(order).hasSize(3).allSatisfy((g, seen) -> assertThat(seen).isEqualTo(expected));
    }

    @Test
    void poller_givesEachInvocationAContextCountingDownFromTheFunctionTimeout() {
        Queues q = newQueue(3);
        List<Integer> remaining = new CopyOnWriteArrayList<>();
        send(q.url(), "g", "count-down");
        try (var poller = poll(q.url(), (event, context) -> {
            remaining.add(context.getRemainingTimeInMillis());
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            remaining.add(context.getRemainingTimeInMillis());
            return new SQSBatchResponse(List.of());
        })) {
            Poll.until(Duration.ofSeconds(10), () -> remaining.size() == 2, "the invocation");
        }
        assertThat(remaining.get(0)).isBetween(4_000, 5_000);
        assertThat(remaining.get(0) - remaining.get(1)).isGreaterThanOrEqualTo(250);
    }

    @Test
    void poller_abandonsAnInvocationThatOutlivesTheTimeout_andItsWholeBatchReappears() {
        Queues q = newQueue(5);
        List<String> receiveCounts = new CopyOnWriteArrayList<>();
        send(q.url(), "g", "slow");
        var settings = new EventSourcePoller.Settings(1, 10, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        try (var poller = EventSourcePoller.start(sqs, q.url(), "test-fn", (event, context) -> {
            String count = event.getRecords().getFirst().getAttributes().get("ApproximateReceiveCount");
            receiveCounts.add(count);
            if (count.equals("1")) {
                try {
                    Thread.sleep(2_500); // past the 1 s timeout; its answer ("all done") comes too late to count
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new SQSBatchResponse(List.of());
        }, settings, Clock.systemUTC())) {
            Poll.until(Duration.ofSeconds(20),
                    () -> receiveCounts.size() == 2 && messagesLeft(q.url()) == 0,
                    "the batch handled again and deleted");
            assertThat(poller.abandonedInvocations()).isEqualTo(1);
        }
        assertThat(receiveCounts).containsExactly("1", "2");
        assertThat(messagesLeft(q.dlqUrl())).isZero();
    }
}
