package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The shipped EMQX image (emqx-config: Dockerfile, emqx.conf, acl.conf, the entrypoint and the
 * metrics script) built and started as ECS starts it, one node: the load balancer's health check,
 * both plain listeners, the ACL, and a publish/subscribe round trip. Needs a Docker engine (and
 * the official image); without one the class is skipped with that reason.
 */
class EmqxImageIT {
    static final String NO_DOCKER = "no Docker engine reachable: EmqxImageIT builds and runs the emqx-config image"
            + " and runs only where Docker does (EmqxConfigTest checks the same files statically here)";
    private static final String PUBLISHER_PASSWORD = "itPublisherPassword1";
    private static final Duration QUIET = Duration.ofSeconds(2);

    private static GenericContainer<?> emqx;

    @BeforeAll
    static void start() {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), NO_DOCKER);
        var image = new ImageFromDockerfile("gc-emqx-it", true).withFileFromPath(".", TestApps.EMQX_CONFIG);
        emqx = new GenericContainer<>(image)
                .withExposedPorts(Broker.MQTT_PORT, Broker.WS_PORT, Broker.STATUS_PORT)
                .withEnv("GC_PUBLISHER_PASSWORD", PUBLISHER_PASSWORD)
                .withEnv("EMQX_NODE__COOKIE", "it-cookie-" + UUID.randomUUID())
                .withEnv("EMQX_DASHBOARD__DEFAULT_PASSWORD", "itDashboardPassword1")
                // one node, no Cloud Map: the cluster settings the CDK app passes are replaced
                .withEnv("EMQX_CLUSTER__DISCOVERY_STRATEGY", "manual")
                .withEnv("GC_METRICS_INTERVAL", "2")
                .withEnv("GC_BROKER_ID", "gc-it")
                .waitingFor(Wait.forHttp(Broker.STATUS_PATH).forPort(Broker.STATUS_PORT).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        emqx.start();
    }

    @AfterAll
    static void stop() {
        if (emqx != null) {
            emqx.stop();
        }
    }

    @Test
    void statusEndpoint_answers200ForTheLoadBalancersHealthCheck() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + emqx.getHost() + ":"
                + emqx.getMappedPort(Broker.STATUS_PORT) + Broker.STATUS_PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("running");
    }

    @Test
    void everyone_receivesWhatThePublisherPublishes_overTcpAndWebSocket() throws Exception {
        for (String url : List.of(tcp(), ws())) {
            String topic = "cache/a/wis2/xx-it/data/core/weather/" + UUID.randomUUID();
            try (var subscriber = new Received(url, "everyone", "everyone", "cache/#");
                    var publisher = client(url, "gc-publisher", PUBLISHER_PASSWORD)) {
                publisher.publish(topic, "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8), 1, false);
                subscriber.await(topic);
                publisher.disconnect();
            }
        }
    }

    @Test
    void everyone_cannotPublish_norSubscribeOutsideCacheAndMonitor() throws Exception {
        String topic = "cache/a/wis2/xx-it/data/core/weather/" + UUID.randomUUID();
        try (var subscriber = new Received(tcp(), "everyone", "everyone", "cache/#")) {
            var intruder = client(tcp(), "everyone", "everyone");
            long denied = deniedSoFar();
            // deny_action = ignore: the broker drops the message without closing the connection
            intruder.publish(topic, "forged".getBytes(StandardCharsets.UTF_8), 1, false);
            awaitDeniedAbove(denied);
            // SUBACK 0x80: Paho either throws it or copies it into the granted QoS
            int[] granted = {1};
            try {
                intruder.subscribe(new String[] {"origin/#"}, granted);
            } catch (MqttException e) {
                assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
                granted[0] = 0x80;
            }
            assertThat(granted[0]).isEqualTo(0x80);
            Thread.sleep(QUIET.toMillis());
            assertThat(subscriber.topics).doesNotContain(topic);
            intruder.disconnect();
            intruder.close();
        }
    }

    @Test
    void publisher_cannotPublishOutsideCacheAndMonitor() throws Exception {
        var publisher = client(tcp(), "gc-publisher", PUBLISHER_PASSWORD);
        long denied = deniedSoFar();
        publisher.publish("origin/a/wis2/xx-it/data", "x".getBytes(StandardCharsets.UTF_8), 1, false);
        awaitDeniedAbove(denied);
        publisher.disconnect();
        publisher.close();
    }

    /** EMQX's count of refused actions, from the Prometheus page gc-metrics.sh reads too. */
    private static long deniedSoFar() throws Exception {
        var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + emqx.getHost() + ":"
                + emqx.getMappedPort(Broker.STATUS_PORT) + "/api/v5/prometheus/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return page.lines().filter(l -> l.startsWith("emqx_authorization_deny"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void awaitDeniedAbove(long before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (deniedSoFar() <= before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(deniedSoFar()).as("refused by the ACL").isGreaterThan(before);
    }

    @Test
    void wrongPassword_isRefused() {
        assertThatThrownBy(() -> client(tcp(), "gc-publisher", "not-the-password"))
                .isInstanceOf(MqttSecurityException.class);
    }

    @Test
    void metricsScript_printsEmbeddedMetricFormatLines() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!emqx.getLogs().contains("\"CloudWatchMetrics\"") && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(emqx.getLogs()).contains("\"Namespace\":\"" + Broker.METRICS_NAMESPACE + "\"")
                .contains("\"Broker\":\"gc-it\"").contains("\"connections\":");
    }

    private static String tcp() {
        return "tcp://" + emqx.getHost() + ":" + emqx.getMappedPort(Broker.MQTT_PORT);
    }

    private static String ws() {
        return "ws://" + emqx.getHost() + ":" + emqx.getMappedPort(Broker.WS_PORT) + "/mqtt";
    }

    private static MqttClient client(String url, String user, String password) throws MqttException {
        var client = new MqttClient(url, "it-" + UUID.randomUUID(), new MemoryPersistence());
        var options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setConnectionTimeout(10);
        client.connect(options);
        return client;
    }

    /** A subscriber that records the topics it receives. */
    private static final class Received implements AutoCloseable {
        final List<String> topics = new CopyOnWriteArrayList<>();
        private final MqttClient client;

        Received(String url, String user, String password, String filter) throws MqttException {
            client = client(url, user, password);
            client.subscribe(filter, 1, (topic, message) -> topics.add(topic));
        }

        void await(String topic) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!topics.contains(topic) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(topics).contains(topic);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}
