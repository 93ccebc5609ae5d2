package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import wis2.gc.model.SqsContract;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Resources;
import wis2.gc.testing.Wnm;

/** The listener in this JVM against HiveMQ (the Global Broker) and ElasticMQ (SQS). */
@ExtendWith(RigResolver.class)
class ListenerIT {

    private static Rig rig;

    @BeforeAll
    static void shareServers(Rig shared) {
        rig = shared;
    }

    private static Listener listener(ListenerConfig.Builder config) {
        Listener listener = Listener.start(config.build(), rig.sqs);
        Poll.until(Duration.ofSeconds(20), listener::isConnected, "the listener to connect");
        return listener;
    }

    @Test
    void rigConfig_isWhatTheRigsEnvironmentReads() {
        String queue = rig.newQueue("rig-config");
        assertThat(rig.config("c-rig", "gb-rig", queue).build())
                .isEqualTo(ListenerConfig.fromEnvironment(rig.env("c-rig", "gb-rig", queue)));
    }

    @Test
    void everyMessageReachesSqsOnceByteIdenticalWithItsAttributes() throws Exception {
        String queue = rig.newQueue("identical");
        List<Rig.Published> messages = new ArrayList<>(Rig.notifications("c-identical", 30));
        // multi-byte characters must survive the trip unchanged
        messages.add(new Rig.Published(Rig.topic("c-identical"), Wnm.resource("wnm-example1.json")
                .id(UUID.randomUUID().toString()).dataId("c-identical/\u00e9t\u00e9-\u6c14\u8c61-\uD83C\uDF27.bufr4")
                .bytes()));
        Instant before = Instant.now();

        try (Listener listener = listener(rig.config("c-identical", "gb-identical", queue))) {
            rig.publish(messages);
            Map<String, Message> queued = rig.receiveAll(queue, messages.size());

            assertThat(queued).hasSize(messages.size());
            for (Rig.Published sent : messages) {
                String body = new String(sent.payload(), StandardCharsets.UTF_8);
                Message message = queued.values().stream().filter(m -> m.body().equals(body)).findFirst().orElseThrow();
                assertThat(message.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(sent.payload());
                assertThat(message.messageAttributes().get(SqsContract.ATTR_TOPIC).stringValue())
                        .isEqualTo(sent.topic());
                assertThat(message.messageAttributes().get(SqsContract.ATTR_BROKER).stringValue())
                        .isEqualTo("gb-identical");
                assertThat(Instant.parse(message.messageAttributes().get(SqsContract.ATTR_RECEIVED_AT).stringValue()))
                        .isBetween(before, Instant.now());
                var peek = wis2.gc.model.Notification.peek(sent.payload());
                assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                        .isEqualTo(SqsContract.groupId(peek.dataId()));
                assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                        .isEqualTo(SqsContract.deduplicationId(peek.id()));
            }
            Poll.until(Duration.ofSeconds(10), () -> listener.metrics().forwardedCount() == messages.size(),
                    "forwarded count");
        }
    }

    @Test
    void aMessageRelayedTwiceThroughTwoBrokersIsQueuedOnce() throws Exception {
        String queue = rig.newQueue("relayed");
        List<Rig.Published> messages = Rig.notifications("c-relayed", 10);
        List<Rig.Published> twice = new ArrayList<>(messages);
        twice.addAll(messages);

        try (Listener first = listener(rig.config("c-relayed", "gb-relayed", queue));
             Listener second = listener(rig.config("c-relayed", "gb-relayed-2", queue))) {
            rig.publish(twice);
            // each listener forwards both copies: four sends of each notification
            Poll.until(Duration.ofSeconds(20), () -> first.metrics().forwardedCount() == 20
                    && second.metrics().forwardedCount() == 20, "both listeners to forward everything");

            assertThat(rig.receiveAll(queue, messages.size())).hasSize(messages.size());
        }
    }

    @Test
    void everyEarlyDropReasonIsCountedAndShownInMetrics() throws Exception {
        String queue = rig.newQueue("drops");
        String centre = "c-drops";
        List<Rig.Published> messages = List.of(
                new Rig.Published(Rig.topic(centre), "{not json".getBytes(StandardCharsets.UTF_8)),
                new Rig.Published(Rig.topic(centre), new byte[] {'{', '"', (byte) 0xC3, '"', '}'}),
                new Rig.Published(Rig.topic(centre), Wnm.resource("wnm-example1.json")
                .edit(t -> Wnm.properties(t).set("not_data_id", Wnm.properties(t).remove("data_id"))).bytes()),
                new Rig.Published("origin/a/wis2/" + centre + "/data/recommended/weather",
                Resources.bytes("wnm-example1.json")),
                new Rig.Published("monitor/a/wis2/" + centre, Resources.bytes("wnm-example1.json")),
                new Rig.Published(Rig.topic(centre), new byte[5000]),
                new Rig.Published("cache/a/wis2/" + centre + "/data/core/weather", Wnm.resource("wnm-example1.json")
                .globalCache("xx-test-global-cache").bytes()),
                new Rig.Published(Rig.topic(centre), Wnm.resource("wnm-example1.json").id(UUID.randomUUID().toString())
                .dataId("kept").bytes()));

        try (Listener listener = listener(rig.config(centre, "gb-drops", queue).maxMessageBytes(4096)
                .subscriptions(List.of("origin/a/wis2/" + centre + "/#", "cache/a/wis2/" + centre + "/#",
                        "monitor/a/wis2/" + centre)))) {
            rig.publish(messages);
            Poll.until(Duration.ofSeconds(20), () -> listener.metrics().forwardedCount() == 1, "the valid message");
            Poll.until(Duration.ofSeconds(5), () -> listener.metrics().receivedCount() == messages.size(),
                    "all received");

            Map<String, Long> dropped = java.util.Arrays.stream(DropReason.values())
                    .collect(Collectors.toMap(DropReason::label, listener.metrics()::droppedCount));
            assertThat(dropped).containsEntry("not-json", 2L).containsEntry("no-data-id", 1L)
                    .containsEntry("recommended", 1L).containsEntry("foreign-topic", 1L)
                    .containsEntry("too-large", 1L).containsEntry("own-republication", 1L)
                    .containsEntry("sqs-rejected", 0L);
            assertThat(rig.receiveAll(queue, 1)).hasSize(1);

            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + listener.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body())
                        .contains("gc_listener_dropped_total{broker=\"gb-drops\",reason=\"too-large\"} 1\n",
                        "gc_listener_received_total{broker=\"gb-drops\"} 8\n",
                        "gc_listener_forwarded_total{broker=\"gb-drops\"} 1\n");
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + listener.httpPort() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"connected\":true");
            }
        }
    }

    @Test
    void messagesPublishedWhileSqsIsDownAllArriveWhenItReturns() throws Exception {
        String queue = rig.newQueue("outage");
        List<Rig.Published> messages = Rig.notifications("c-outage", 500);

        try (Listener listener = listener(rig.config("c-outage", "gb-outage", queue))) {
            rig.sqsServer.stop();
            try {
                long start = System.nanoTime();
                rig.publish(messages);
                Poll.until(Duration.ofSeconds(10), () -> listener.metrics().sqsErrorCount() > 0, "a failed send");
                Thread.sleep(Math.max(0, Duration.ofSeconds(10).toMillis() - (System.nanoTime() - start) / 1_000_000));
                assertThat(listener.metrics().forwardedCount()).isZero();
                assertThat(listener.isConnected()).isTrue();
            } finally {
                rig.sqsServer.restart();
            }

            assertThat(rig.awaitQueued(queue, messages.size())).isEqualTo(messages.size());
        }
    }

    @Test
    void closingDuringABurstLosesNothing() throws Exception {
        String queue = rig.newQueue("close");
        List<Rig.Published> messages = Rig.notifications("c-close", 600);
        ListenerConfig.Builder env = rig.config("c-close", "gb-close", queue);

        Listener first = listener(env);
        Thread burst = Thread.ofPlatform().start(() -> {
            try {
                rig.publish(messages);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Poll.until(Duration.ofSeconds(20), () -> first.metrics().forwardedCount() > 0, "the burst to start flowing");
        first.close();
        burst.join();
        assertThat(first.metrics().forwardedCount()).isLessThan(messages.size());

        try (Listener second = listener(env)) {
            assertThat(rig.awaitQueued(queue, messages.size())).isEqualTo(messages.size());
            long rest = messages.size() - first.metrics().forwardedCount();
            Poll.until(Duration.ofSeconds(10), () -> second.metrics().forwardedCount() >= rest,
                    "the rest from the new session");
        }
    }
}
