package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wis2.gc.model.SqsContract;
import wis2.gc.replay.Backfill;
import wis2.gc.replay.ReplayConfig;
import wis2.gc.standins.EmbeddedRedis;
import wis2.gc.standins.EmbeddedReplay;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Wnm;

/**
 * The listener with its backfill, against HiveMQ (the Global Broker), ElasticMQ (SQS), Redis and
 * the Global Replay stand-in.
 */
@ExtendWith(RigResolver.class)
class ListenerBackfillIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Rig rig;
    private static EmbeddedRedis redis;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> raw;

    @BeforeAll
    static void start(Rig shared) {
        rig = shared;
        redis = EmbeddedRedis.start();
        redisClient = RedisClient.create(redis.uri().toString());
        raw = redisClient.connect();
    }

    @AfterAll
    static void stop() {
        raw.close();
        redisClient.shutdown();
        redis.close();
    }

    private static ReplayConfig replayConfig(URI url) {
        return new ReplayConfig(url, "test-replay", redis.uri(), Optional.empty(), Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ofHours(6), Duration.ofMinutes(15), Duration.ofSeconds(1), 3,
                Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    /** A notification of {@code centre} published at {@code pubtime}. */
    private static Rig.Published notification(String centre, Instant pubtime) {
        String body = new String(Wnm.resource("wnm-example1.json").id(UUID.randomUUID().toString())
                .dataId(centre + "/granule-" + UUID.randomUUID() + ".bufr4").bytes(), StandardCharsets.UTF_8)
                .replace("2022-03-20T04:50:18Z", pubtime.toString());
        return new Rig.Published(Rig.topic(centre), body.getBytes(StandardCharsets.UTF_8));
    }

    /** Published through the Global Broker, and stored by the replay service as every Global Broker relays it. */
    private static void publish(EmbeddedReplay replay, List<Rig.Published> messages) throws Exception {
        rig.publish(messages);
        for (Rig.Published m : messages) {
            replay.add(m.topic(), m.payload());
        }
    }

    private static List<Rig.Published> fresh(String centre, int count) {
        List<Rig.Published> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(notification(centre, Instant.now().minusSeconds(1)));
        }
        return messages;
    }

    /** The broker drops the listener's session, as a broker restarted without persistence does. */
    private static void dropSession(ListenerConfig config) throws Exception {
        MqttClient impostor = new MqttClient(rig.broker.serverUri(), config.clientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName(Rig.READER);
        options.setPassword(Rig.READER_PASSWORD.toCharArray());
        impostor.connect(options);
        impostor.disconnect();
        impostor.close();
    }

    @Test
    void aRestartedListenerWhoseBrokerLostItsSession_queuesEverythingPublishedWhileDownOnce() throws Exception {
        String queue = rig.newQueue("backfill-restart");
        ListenerConfig config = rig.config("c-restart", "gb-restart", queue).build();
        try (EmbeddedReplay replay = EmbeddedReplay.start()) {
            List<Rig.Published> before = fresh("c-restart", 3);
            // a publisher's clock far ahead must not move the mark
            before.add(notification("c-restart", Instant.parse("2100-01-01T00:00:00Z")));
            List<Rig.Published> whileDown = fresh("c-restart", 4);
            List<Rig.Published> after = fresh("c-restart", 2);

            Instant firstStart = Instant.now();
            try (Backfill backfill = Backfill.start(replayConfig(replay.baseUrl()), config, rig.sqs);
                 Listener listener = Listener.start(config, rig.sqs, backfill)) {
                Poll.until(Duration.ofSeconds(20), listener::isConnected, "the listener to connect");
                publish(replay, before);
                rig.awaitQueued(queue, before.size());
                Poll.until(Duration.ofSeconds(10), () -> raw.sync().hget("gc:feed:{gb-restart}", "forwarded") != null,
                        "the feed mark");
            }
            Instant mark = Instant.ofEpochMilli(Long.parseLong(raw.sync().hget("gc:feed:{gb-restart}", "forwarded")));
            assertThat(mark).isBetween(firstStart, Instant.now());

            publish(replay, whileDown);
            dropSession(config);

            try (Backfill backfill = Backfill.start(replayConfig(replay.baseUrl()), config, rig.sqs);
                 Listener listener = Listener.start(config, rig.sqs, backfill)) {
                Poll.until(Duration.ofSeconds(20), listener::isConnected, "the listener to connect again");
                publish(replay, after);
                Map<String, Message> queued = rig.receiveAll(queue, before.size() + whileDown.size() + after.size());

                assertThat(queued).hasSize(before.size() + whileDown.size() + after.size());
                for (Rig.Published missed : whileDown) {
                    String id = wis2.gc.model.Notification.peek(missed.payload()).id();
                    Message message = queued.get(SqsContract.deduplicationId(id));
                    assertThat(message).as("backfilled " + id).isNotNull();
                    assertThat(message.messageAttributes().get(SqsContract.ATTR_BROKER).stringValue())
                            .isEqualTo("test-replay");
                    assertThat(message.messageAttributes().get(SqsContract.ATTR_TOPIC).stringValue())
                            .isEqualTo(missed.topic());
                    JsonNode body = JSON.readTree(message.body());
                    assertThat(body.path("properties").has("topic")).isFalse();
                    assertThat(body).isEqualTo(JSON.readTree(missed.payload()));
                }
                // what was live is in the windows too: enqueued again, and collapsed by the deduplication id
                Poll.until(Duration.ofSeconds(10), () -> Integer.parseInt(Optional.ofNullable(raw.sync().hget(
                        "gc:metric:gc_backfill_notifications_total", "xx-test-global-cache|enqueued")).orElse("0"))
                        >= whileDown.size(), "the enqueued counter");
            }
        }
    }

    @Test
    void aReplayServiceAnswering500_doesNotHoldUpLiveMessagesAndIsRetried() throws Exception {
        String queue = rig.newQueue("backfill-500");
        ListenerConfig config = rig.config("c-r500", "gb-r500", queue).build();
        // an earlier session of this feed, and a broker that kept none
        raw.sync().hset("gc:feed:{gb-r500}",
                Map.of("forwarded", Long.toString(Instant.now().minusSeconds(60).toEpochMilli()),
                "alive", Long.toString(Instant.now().minusSeconds(60).toEpochMilli())));
        try (EmbeddedReplay replay = EmbeddedReplay.start()) {
            List<Rig.Published> missed = fresh("c-r500", 3);
            for (Rig.Published m : missed) {
                replay.add(m.topic(), m.payload());
            }
            replay.failNext(1_000, 500);
            try (Backfill backfill = Backfill.start(replayConfig(replay.baseUrl()), config, rig.sqs);
                 Listener listener = Listener.start(config, rig.sqs, backfill)) {
                Poll.until(Duration.ofSeconds(20), listener::isConnected, "the listener to connect");
                List<Rig.Published> live = fresh("c-r500", 5);
                rig.publish(live);
                assertThat(rig.awaitQueued(queue, live.size())).isEqualTo(live.size());
                Poll.until(Duration.ofSeconds(20), () -> raw.sync().hget("gc:metric:gc_backfill_windows_total",
                        "xx-test-global-cache|failed") != null, "a failed window counted");

                replay.failNext(0, 500);
                assertThat(rig.awaitQueued(queue, live.size() + missed.size())).isEqualTo(live.size() + missed.size());
            }
        }
    }
}
