package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import wis2.gc.standins.AclFile;
import wis2.gc.standins.BrokerOptions;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Wnm;

/**
 * The listener when things go wrong: a callback that throws, a refused subscription, a second
 * listener with the same client id, a broker restarted without its sessions while messages are
 * held, a stop during which the connection drops, a notification too large for the queue.
 */
@ExtendWith(RigResolver.class)
class ListenerResilienceIT {

    private static Rig rig;

    @BeforeAll
    static void shareServers(Rig shared) {
        rig = shared;
    }

    /** SQS as the listener sees it, with a switch: while closed every call fails, as in an outage. */
    private static final class GatedQueue implements MessageQueue {
        private final MessageQueue real;
        volatile boolean open;

        GatedQueue(String queueUrl, String broker) {
            this.real = new SqsQueue(rig.sqs, URI.create(queueUrl), broker);
        }

        @Override
        public List<Outcome> send(List<Inbound> batch) {
            if (!open) {
                throw new IllegalStateException("SQS is unreachable (test)");
            }
            return real.send(batch);
        }
    }

    /** Remembers what the listener told it. */
    private static final class RecordingObserver implements FeedObserver {
        final List<Boolean> connects = new CopyOnWriteArrayList<>();
        final List<Instant> forwards = new CopyOnWriteArrayList<>();

        @Override
        public void connected(boolean sessionPresent, Instant at) {
            connects.add(sessionPresent);
        }

        @Override
        public void forwarded(Instant at) {
            forwards.add(at);
        }
    }

    private static Listener started(Listener listener) {
        Poll.until(Duration.ofSeconds(20), listener::isConnected, "the listener to connect");
        return listener;
    }

    /** A test's own MQTT client, disconnected and closed at the end. */
    private record Peer(MqttClient paho) implements AutoCloseable {
        @Override
        public void close() throws MqttException {
            if (paho.isConnected()) {
                paho.disconnect(1_000);
            }
            paho.close(true);
        }
    }

    private static Peer client(String serverUri, String clientId, String user, String password, boolean clean)
            throws MqttException {
        MqttClient client = new MqttClient(serverUri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(clean);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        return new Peer(client);
    }

    private static void publish(Peer publisher, List<Rig.Published> messages) throws MqttException {
        for (Rig.Published message : messages) {
            publisher.paho().publish(message.topic(), message.payload(), 1, false);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aCallbackThatThrowsIsCountedAndAcknowledged_theConnectionStaysUp() throws Exception {
        String queue = rig.newQueue("poison");
        ListenerConfig config = rig.config("c-poison", "gb-poison", queue).build();
        Triage poisoned = new Triage(config.centreId(), config.brokerName(), config.maxMessageBytes()) {
            @Override
            Verdict examine(String topicName, byte[] payload) {
                if (new String(payload, StandardCharsets.UTF_8).contains("poisoned-message")) {
                    throw new IllegalStateException("a bug met a message it did not expect");
                }
                return super.examine(topicName, payload);
            }
        };
        List<Rig.Published> good = Rig.notifications("c-poison", 3);

        try (Listener listener = started(Listener.start(config, new SqsQueue(rig.sqs, URI.create(queue), "gb-poison"),
                Clock.systemUTC(), () -> { }, poisoned, FeedObserver.NONE))) {
            rig.publish(List.of(new Rig.Published(Rig.topic("c-poison"), Wnm.resource("wnm-example1.json")
                    .id(UUID.randomUUID().toString()).dataId("c-poison/poisoned-message.bufr4").bytes())));
            rig.publish(good);

            assertThat(rig.awaitQueued(queue, 3)).isEqualTo(3);
            Poll.until(Duration.ofSeconds(5), () -> listener.metrics().droppedCount(DropReason.CALLBACK_FAILED) == 1,
                    "the failure counted");
            Thread.sleep(500); // a dropped connection would show as a second connect and the poison again
            assertThat(listener.metrics().connectCount()).isEqualTo(1);
            assertThat(listener.metrics().receivedCount()).isEqualTo(4);
            assertThat(listener.metricsText()).contains("reason=\"callback-failed\"} 1\n");
        }
    }

    @Test
    void aRefusedSubscriptionIsReportedByHealthAndMetrics_andRetried_whileTheGrantedOnesFlow() throws Exception {
        String queue = rig.newQueue("refused-sub");
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerOptions.secured(
                Map.of("reader", "reader-pw", "node", "node-pw"), AclFile.parse("""
                        {allow, {username, "node"}, publish, ["#"]}.
                        {allow, {username, "reader"}, subscribe, ["origin/#"]}.
                        {deny, all}.
                        """)))) {
            ListenerConfig.Builder env = rig.config("c-sub", "gb-sub", queue)
                    .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL",
                            "mqtt://reader:reader-pw@127.0.0.1:" + broker.port()))
                    .reconnectMax(Duration.ofSeconds(1));
            try (Listener listener = started(Listener.start(env.build(), rig.sqs));
                 Peer node = client(broker.serverUri(), "node-" + UUID.randomUUID(), "node", "node-pw", true)) {
                Poll.until(Duration.ofSeconds(10), () -> listener.metrics().subscriptionFailureCount() >= 2,
                        "the refusal, then a retry");

                assertThat(listener.metrics().refusedSubscriptions()).containsExactly("cache/a/wis2/c-sub/# (refused)");
                HttpResponse<String> health = get(listener.httpPort(), "/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"state\":\"subscriptions-refused\"", "cache/a/wis2/c-sub/#");
                assertThat(get(listener.httpPort(), "/live").statusCode()).isEqualTo(200);
                assertThat(listener.metricsText()).contains("gc_listener_subscriptions_refused{broker=\"gb-sub\"} 1\n");

                publish(node, Rig.notifications("c-sub", 2));
                assertThat(rig.awaitQueued(queue, 2)).isEqualTo(2);
                assertThat(listener.isConnected()).isTrue();
            }
        }
    }

    @Test
    void twoListenersWithOneClientId_settleToOneOwnerAfterAFewTakeovers() throws Exception {
        String queue = rig.newQueue("takeover");
        ListenerConfig.Builder env = rig.config("c-takeover", "gb-takeover", queue)
                .reconnectMax(Duration.ofSeconds(1)).reconnectStable(Duration.ofSeconds(3));

        try (Listener first = started(Listener.start(env.build(), rig.sqs));
             Listener second = Listener.start(env.build(), rig.sqs)) {
            // one of them holds the session, undisturbed, for longer than a takeover cycle
            Poll.until(Duration.ofSeconds(60), () -> heldFor(first, Duration.ofSeconds(8))
                    || heldFor(second, Duration.ofSeconds(8)), "one listener to keep the session for 8 s");

            long takeovers = first.metrics().connectCount() + second.metrics().connectCount() - 1;
            assertThat(takeovers).as("takeovers before settling").isLessThanOrEqualTo(16);
            assertThat(first.isConnected() ^ second.isConnected()).isTrue();
            rig.publish(Rig.notifications("c-takeover", 5));
            assertThat(rig.awaitQueued(queue, 5)).isEqualTo(5);
        }
    }

    private static boolean heldFor(Listener listener, Duration duration) {
        Instant since = listener.metrics().connectedSince();
        return since != null && Duration.between(since, Instant.now()).compareTo(duration) >= 0;
    }

    @Test
    void aBrokerRestartedWithoutItsSessions_whileMessagesAreHeld_everyMessageHeldReachesSqs() throws Exception {
        String queue = rig.newQueue("session-lost");
        List<Rig.Published> messages = Rig.notifications("c-lost", 20);
        EmbeddedBroker broker = EmbeddedBroker.start(BrokerOptions.anonymous());
        int port = broker.port();
        GatedQueue gate = new GatedQueue(queue, "gb-lost");
        RecordingObserver observer = new RecordingObserver();
        ListenerConfig.Builder env = rig.config("c-lost", "gb-lost", queue)
                .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL", "mqtt://127.0.0.1:" + port))
                .reconnectMax(Duration.ofSeconds(1));
        try (Listener listener = started(Listener.start(env.build(), gate, Clock.systemUTC(),
                () -> { }, Listener.defaultTriage(env.build()), observer))) {
            try (Peer node = client(broker.serverUri(), "node-" + UUID.randomUUID(), null, null, true)) {
                publish(node, messages);
            }
            // the broker sends what its in-flight window allows; every message sent is held, unacknowledged
            Poll.until(Duration.ofSeconds(10), () -> listener.metrics().pending() > 0, "messages held");
            Thread.sleep(500);
            long held = listener.metrics().receivedCount();
            assertThat(listener.metrics().pending()).isEqualTo(held);

            broker.close(); // its sessions and the unacknowledged messages in them go with it
            broker = EmbeddedBroker.start(BrokerOptions.anonymous().withPort(port));
            Poll.until(Duration.ofSeconds(20), () -> observer.connects.size() == 2 && listener.isConnected(),
                    "the reconnect to the new broker");
            assertThat(observer.connects).containsExactly(false, false);
            assertThat(listener.metrics().sessionLostCount()).isEqualTo(2);

            gate.open = true;

            assertThat(rig.awaitQueued(queue, (int) held)).isEqualTo(held);
            Poll.until(Duration.ofSeconds(5), () -> observer.forwards.size() == held, "each forward observed");
        } finally {
            broker.close();
        }
    }

    @Test
    void aStopNeverReconnects_evenWhenTheConnectionDropsDuringTheFlush() throws Exception {
        String queue = rig.newQueue("stop-quiet");
        ListenerConfig.Builder env = rig.config("c-stop", "gb-stop", queue).stopTimeout(Duration.ofSeconds(3))
                .reconnectMax(Duration.ofSeconds(1));
        ListenerConfig config = env.build();
        GatedQueue gate = new GatedQueue(queue, "gb-stop");
        Listener listener = started(Listener.start(config, gate, Clock.systemUTC(), () -> { }));
        rig.publish(Rig.notifications("c-stop", 5));
        Poll.until(Duration.ofSeconds(10), () -> listener.metrics().pending() > 0, "messages held");

        Thread stop = Thread.ofPlatform().start(listener::close);
        Thread.sleep(300);
        // a client with the listener's id takes the session over while the flush waits for SQS
        Peer intruder = client(rig.broker.serverUri(), config.clientId(), Rig.READER, Rig.READER_PASSWORD, false);
        Poll.until(Duration.ofSeconds(5), () -> !listener.isConnected(), "the listener to lose its connection");
        stop.join(Duration.ofSeconds(15).toMillis());

        assertThat(stop.isAlive()).isFalse();
        assertThat(listener.metrics().connectCount()).as("no reconnect during the stop").isEqualTo(1);
        assertThat(intruder.paho().isConnected()).isTrue();
        intruder.close();
    }

    @Test
    void aNotificationTooLargeForTheQueueIsCountedAndReportedWithAMonitoringEvent() throws Exception {
        String queue = rig.newQueue("too-large");
        List<String> events = new CopyOnWriteArrayList<>();
        try (Peer monitor = client(rig.broker.serverUri(), "monitor-" + UUID.randomUUID(), Rig.READER,
                Rig.READER_PASSWORD, true)) {
            monitor.paho().setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    events.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            monitor.paho().subscribe("monitor/a/wis2/c-big", 1);
            ListenerConfig.Builder env = rig.config("c-big", "gb-big", queue).maxMessageBytes(4096)
                    .monitorBroker(Optional.of(new ListenerConfig.BrokerAddress("tcp://127.0.0.1:" + rig.broker.port(),
                            Optional.of("node"), Optional.of("node-password"))));
            String id = UUID.randomUUID().toString();
            byte[] big = new String(Wnm.resource("wnm-example1.json").id(id).dataId("c-big/granule.bufr4").bytes(),
                    StandardCharsets.UTF_8)
                    .replace("\"pubtime\"", "\"padding\": \"" + "x".repeat(5000) + "\", \"pubtime\"")
                    .getBytes(StandardCharsets.UTF_8);

            try (Listener listener = started(Listener.start(env.build(), rig.sqs))) {
                rig.publish(List.of(new Rig.Published(Rig.topic("c-big"), big)));
                rig.publish(Rig.notifications("c-big", 1));

                Poll.until(Duration.ofSeconds(10), () -> !events.isEmpty(), "the monitoring event");
                assertThat(events.getFirst()).startsWith("monitor/a/wis2/c-big {").contains(id, "c-big/granule.bufr4",
                        "at most 4096 bytes", "\"source\":\"xx-test-global-cache\"");
                assertThat(listener.metrics().droppedCount(DropReason.TOO_LARGE)).isEqualTo(1);
                assertThat(listener.metrics().reportCount(ListenerMetrics.ReportOutcome.PUBLISHED)).isEqualTo(1);
                assertThat(rig.awaitQueued(queue, 1)).isEqualTo(1);
                assertThat(listener.metricsText()).contains("reason=\"too-large\"} 1\n", "outcome=\"published\"} 1\n");
            }
        }
    }
}
