package wis2.gc.listener;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import wis2.gc.standins.AclFile;
import wis2.gc.standins.BrokerOptions;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.standins.EmbeddedSqs;
import wis2.gc.standins.StandIns;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Wnm;

/**
 * What the listener tests run against: a Global Broker (HiveMQ, anonymous), SQS (ElasticMQ),
 * QoS 1 publishers and a queue reader; all on 127.0.0.1.
 */
final class Rig implements AutoCloseable {

    /** One message to publish. */
    record Published(String topic, byte[] payload) {}

    private static final int PUBLISHERS = 3;
    static final String READER = "gc-reader";
    static final String READER_PASSWORD = "reader-password";

    /** Publishes awaiting the broker's PUBACK at once (below Paho's max inflight of the publisher). */
    private static final int PUBLISH_WINDOW = 500;

    final EmbeddedBroker broker;
    final EmbeddedSqs sqsServer;
    final SqsClient sqs;
    /** Several connections, so that publishing is not what limits the benchmark. */
    private final List<MqttAsyncClient> publishers = new ArrayList<>();

    private Rig(EmbeddedBroker broker, EmbeddedSqs sqsServer, String user, String password) throws MqttException {
        this.broker = broker;
        this.sqsServer = sqsServer;
        this.sqs = SqsClient.builder()
                .endpointOverride(sqsServer.endpoint())
                .region(StandIns.REGION)
                .credentialsProvider(StandIns.awsCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setMaxInflight(1000);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        for (int i = 0; i < PUBLISHERS; i++) {
            MqttAsyncClient publisher =
                    new MqttAsyncClient(broker.serverUri(), "rig-publisher-" + i + "-" + UUID.randomUUID(),
                    new MemoryPersistence());
            publisher.connect(options).waitForCompletion(10_000);
            publishers.add(publisher);
        }
    }

    /**
     * A Global Broker as the real ones are: TLS beside plain MQTT, and only known users (the
     * listener's {@link #READER}, the publishing {@code node}), each allowed everything.
     */
    static Rig start() throws MqttException {
        EmbeddedBroker broker = EmbeddedBroker.start(BrokerOptions.secured(
                Map.of(READER, READER_PASSWORD, "node", "node-password"), AclFile.parse("{allow, all}.")).withTls());
        try {
            return new Rig(broker, EmbeddedSqs.start(), "node", "node-password");
        } catch (RuntimeException | MqttException e) {
            broker.close();
            throw e;
        }
    }

    /** A fresh FIFO queue; returns its URL. */
    String newQueue(String name) {
        return sqsServer.createFifoQueue(name + ".fifo", name + "-dlq.fifo", 5);
    }

    /**
     * The environment of a listener for {@code centre}'s topics only, then {@code overrides} as
     * name, value pairs. The tests share the broker: each needs its own centre and broker name
     * (the broker name makes the client id, whose persistent session outlives the test).
     */
    Map<String, String> env(String centre, String brokerName, String queueUrl, String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "GC_CENTRE_ID", "xx-test-global-cache",
                "GC_BROKER_NAME", brokerName,
                "GC_BROKER_URL", "mqtt://" + READER + ":" + READER_PASSWORD + "@127.0.0.1:" + broker.port(),
                "GC_SUBSCRIPTIONS", "origin/a/wis2/" + centre + "/#,cache/a/wis2/" + centre + "/#",
                "GC_QUEUE_URL", queueUrl,
                "GC_SQS_ENDPOINT", sqsServer.endpoint().toString(),
                "GC_HTTP_PORT", "0",
                "GC_RECONNECT_MAX_SECONDS", "2",
                "GC_EMF_INTERVAL_SECONDS", "0",
                "AWS_REGION", StandIns.REGION.id()));
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    /**
     * The configuration of a listener for {@code centre}'s topics only, as {@link #env} gives it,
     * as a builder to change for one test.
     */
    ListenerConfig.Builder config(String centre, String brokerName, String queueUrl) {
        return ListenerConfig.builder()
                .centreId("xx-test-global-cache")
                .brokerName(brokerName)
                .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL",
                        "mqtt://" + READER + ":" + READER_PASSWORD + "@127.0.0.1:" + broker.port()))
                .subscriptions(List.of("origin/a/wis2/" + centre + "/#", "cache/a/wis2/" + centre + "/#"))
                .queueUrl(java.net.URI.create(queueUrl))
                .sqsEndpoint(java.util.Optional.of(sqsServer.endpoint()))
                .httpPort(0)
                .reconnectMax(Duration.ofSeconds(2))
                .emfInterval(Duration.ZERO)
                .region(StandIns.REGION.id());
    }

    static String topic(String centre) {
        return "origin/a/wis2/" + centre + "/data/core/weather/surface-based-observations/synop";
    }

    /** {@code count} distinct notifications on {@code centre}'s core topic. */
    static List<Published> notifications(String centre, int count) {
        List<Published> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(new Published(topic(centre),
                    Wnm.resource("wnm-example1.json").id(UUID.randomUUID().toString())
                    .dataId(centre + "/granule-" + i + ".bufr4").bytes()));
        }
        return messages;
    }

    /**
     * Publishes with QoS 1, spread over the publishers, and waits until the broker has accepted
     * every message.
     */
    void publish(List<Published> messages) throws MqttException {
        List<List<Published>> shares = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < messages.size(); i++) {
            shares.get(i % PUBLISHERS).add(messages.get(i));
        }
        List<Thread> threads = new ArrayList<>();
        List<MqttException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            MqttAsyncClient publisher = publishers.get(i);
            List<Published> share = shares.get(i);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    publish(publisher, share);
                } catch (MqttException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    private static void publish(MqttAsyncClient publisher, List<Published> messages) throws MqttException {
        ArrayDeque<IMqttToken> inFlight = new ArrayDeque<>();
        for (Published message : messages) {
            if (inFlight.size() >= PUBLISH_WINDOW) {
                inFlight.removeFirst().waitForCompletion(30_000);
            }
            inFlight.addLast(publisher.publish(message.topic(), message.payload(), 1, false));
        }
        for (IMqttToken token : inFlight) {
            token.waitForCompletion(30_000);
        }
    }

    /** Messages in the queue, visible or not. */
    int queued(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /**
     * Waits until the queue holds {@code expected} messages and returns how many it holds. With
     * one deduplication id per published notification, and every test on its own queue, a count
     * equal to the number published means each arrived exactly once. (Receiving them all would
     * be slow: ElasticMQ hands out few messages per call when every one has its own group.)
     */
    int awaitQueued(String queueUrl, int expected) {
        Poll.until(Duration.ofSeconds(60), () -> queued(queueUrl) >= expected, expected + " messages in " + queueUrl);
        return queued(queueUrl);
    }

    /**
     * Receives (without deleting) every message of the queue, keyed by deduplication id, once
     * {@code expected} are there; fails if more show up.
     */
    Map<String, Message> receiveAll(String queueUrl, int expected) {
        Poll.until(Duration.ofSeconds(60), () -> queued(queueUrl) >= expected, expected + " messages in " + queueUrl);
        Map<String, Message> received = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(300).waitTimeSeconds(received.size() >= expected ? 1 : 0)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                            MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
            if (batch.isEmpty() && received.size() >= expected) {
                break;
            }
            for (Message message : batch) {
                String key = message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID);
                if (received.put(key, message) != null) {
                    throw new AssertionError("deduplication id " + key + " queued twice");
                }
            }
        }
        return received;
    }

    @Override
    public void close() throws MqttException {
        try (broker; sqsServer; sqs) {
            for (MqttAsyncClient publisher : publishers) {
                if (publisher.isConnected()) {
                    publisher.disconnect().waitForCompletion(5_000);
                }
                publisher.close();
            }
        }
    }
}
