package wis2.gc.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import wis2.gc.standins.AclFile;
import wis2.gc.standins.BrokerOptions;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.standins.EmbeddedRedis;
import wis2.gc.standins.EmbeddedS3;
import wis2.gc.standins.StandIns;
import wis2.gc.testing.TestSource;

/**
 * The manager's real surroundings on 127.0.0.1: Redis, S3 (S3Proxy), the cache's broker with
 * the shipped ACL, a WIS2 node's data server, and a subscriber reading {@code cache/#} and
 * {@code monitor/#} with the public {@code everyone} account.
 */
final class Servers implements AutoCloseable {
    static final String BUCKET = "cache";
    static final String PUBLISHER_PASSWORD = "gc-publisher-pw";

    final Path dir;
    final EmbeddedRedis redis;
    final EmbeddedS3 s3;
    final EmbeddedBroker broker;
    final TestSource source;
    final S3Client s3Client;
    final Subscriber subscriber;

    Servers() throws Exception {
        dir = Files.createTempDirectory("gc-manager-it");
        redis = EmbeddedRedis.start();
        s3 = EmbeddedS3.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
        broker = EmbeddedBroker.start(BrokerOptions.secured(
                Map.of("gc-publisher", PUBLISHER_PASSWORD, "everyone", "everyone"),
                AclFile.load(AclFile.locateInRepository())).withTls());
        source = new TestSource();
        s3Client = s3Client(s3);
        subscriber = new Subscriber(broker.serverUri());
    }

    /** Built like the Lambda's client (default retries), pointed at the stand-in. */
    static S3Client s3Client(EmbeddedS3 s3) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(StandIns.REGION)
                .credentialsProvider(StandIns.awsCredentials())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .build();
    }

    /** The environment the one-machine runtime would give the manager. */
    Map<String, String> env() {
        Map<String, String> env = TestConfig.env();
        env.put("GC_REDIS_URL", redis.uri().toString());
        env.put("GC_BROKER_URL", broker.serverUri());
        env.put("GC_BROKER_PASSWORD", PUBLISHER_PASSWORD);
        env.put("GC_S3_ENDPOINT", s3.endpoint().toString());
        env.put("GC_ALLOW_PRIVATE_SOURCES", "true");
        env.put("GC_BUCKET", BUCKET);
        env.put("GC_PUBLISH_TIMEOUT_MS", "3000");
        env.put("GC_DOWNLOAD_READ_TIMEOUT_MS", "2000");
        return env;
    }

    /** The configuration {@link #env()} gives, as a builder to change for one test. */
    ManagerConfig.Builder config() {
        return TestConfig.builder()
                .redisUrl(redis.uri())
                .brokerUrl(broker.serverUri())
                .brokerPassword(Optional.of(PUBLISHER_PASSWORD))
                .s3Endpoint(Optional.of(s3.endpoint()))
                .allowPrivateSources(true)
                .bucket(BUCKET)
                .publishTimeout(Duration.ofSeconds(3))
                .download(ManagerConfig.Download.builder().retryBackoff(Duration.ofMillis(10))
                        .readTimeout(Duration.ofSeconds(2)).build());
    }

    ManagerHandler handler() {
        return handler(config());
    }

    ManagerHandler handler(ManagerConfig.Builder config) {
        ManagerConfig built = config.build();
        return new ManagerHandler(built, s3Client, ManagerSecrets.fromConfig(built));
    }

    List<String> objectKeys() {
        return s3Client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
    }

    @Override
    public void close() throws MqttException, IOException {
        subscriber.close();
        s3Client.close();
        source.close();
        broker.close();
        s3.close();
        redis.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    /** Reads what the cache announces, as a Global Broker would. */
    static final class Subscriber implements AutoCloseable {
        record Received(String topic, byte[] payload) {
            String json() {
                return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        final List<Received> messages = new CopyOnWriteArrayList<>();
        private final MqttClient client;

        Subscriber(String uri) throws MqttException {
            client = new MqttClient(uri, "it-subscriber-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("everyone");
            o.setPassword("everyone".toCharArray());
            o.setCleanSession(false); // keeps the subscription across a broker restart
            o.setAutomaticReconnect(true);
            o.setMaxInflight(2000);
            client.connect(o);
            client.subscribe(new String[] {"cache/#", "monitor/#"}, new int[] {1, 1},
                    new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {this::add, this::add});
        }

        private void add(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
            messages.add(new Received(topic, m.getPayload()));
        }

        List<Received> on(String prefix) {
            return messages.stream().filter(m -> m.topic().startsWith(prefix)).toList();
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        }
    }
}
