package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import wis2.gc.local.demo.DemoMain;
import wis2.gc.testing.Poll;
import wis2.gc.testing.TestSource;
import wis2.gc.testing.Wnm;

/**
 * The manager on Lambda's clock, end to end on the one-machine runtime with
 * {@code GC_MANAGER_TIMEOUT=15}: the invocation deadline, the retries that fit in it and the
 * redelivery limits are the ones AWS imposes (90 s visibility, 5 receives), so what these tests
 * show is what happens there. The own-network test runs last: its records stay queued.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerTimeBudgetIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CENTRES = new AtomicInteger();
    private static final Random RANDOM = new Random(11);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CACHE_CENTRE = "xx-budget-global-cache";
    private static final String BUFR = "application/bufr";

    @TempDir
    static Path dataDir;
    private static LocalCache cache;
    private static TestSource node;
    private static MqttPeer globalBroker;
    private static MqttPeer everyone;

    @BeforeAll
    static void start() throws Exception {
        cache = LocalCache.start(LocalConfig.builder().dataDir(dataDir).centreId(CACHE_CENTRE)
                .managerTimeout(Duration.ofSeconds(15)).freePorts().build());
        node = new TestSource();
        globalBroker = MqttPeer.connect(LocalCacheIT.tcp(cache.globalBrokers().getFirst().url()), null, null);
        everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone");
        assertThat(everyone.subscribe("cache/a/wis2/#")).isEqualTo(1);
        assertThat(everyone.subscribe("monitor/#")).isEqualTo(1);
    }

    @AfterAll
    static void stop() {
        LocalCacheIT.closeAll(everyone, globalBroker, node, cache);
    }

    private static String centre() {
        return "xx-budget-node-" + CENTRES.incrementAndGet();
    }

    private static String topic(String centre) {
        return "origin/a/wis2/" + centre + "/data/core/weather/surface-based-observations/synop";
    }

    private static byte[] body() {
        byte[] b = new byte[2000 + RANDOM.nextInt(2000)];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Wnm data(String centre, String name, String url, byte[] body) {
        return Wnm.from(Wnm.Template.DATA).dataId(centre + "/data/core/synop/" + name)
                .pubtime(Instant.parse("2026-01-01T00:00:00Z")).link("canonical", url, "application/bufr")
                .integrityOf(body);
    }

    private static List<JsonNode> republished(String dataId) {
        return everyone.received(r -> r.topic().startsWith("cache/")).stream().map(r -> json(r.payload()))
                .filter(n -> dataId.equals(n.path("properties").path("data_id").asString())).toList();
    }

    private static List<MqttPeer.Received> events(String centre) {
        return everyone.received(r -> r.topic().equals("monitor/a/wis2/" + centre));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static double metric(String name, String... labels) {
        try {
            String text = new String(
                    HTTP.send(HttpRequest.newBuilder(URI.create(cache.httpBase() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
            return MetricsText.sum(text, name, labels);
        } catch (Exception e) {
            return -1;
        }
    }

    private static byte[] object(JsonNode republished) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(DemoMain.link(republished, "canonical"))).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    @Test
    @Order(1)
    void tricklingSource_isAFinalCountedFailureAtTheBudget_andNeitherItNorItsNeighbourWaits() throws Exception {
        String centre = centre();
        node.on("/" + centre + "/trickle.bufr4", TestSource.trickling(
                "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                Duration.ofMillis(500)));
        byte[] good = body();
        node.on("/" + centre + "/good.bufr4", TestSource.ok(good, BUFR));
        Wnm slow = data(centre, "trickle.bufr4", node.uri("/" + centre + "/trickle.bufr4").toString(), good);
        Wnm next = data(centre, "next.bufr4", node.uri("/" + centre + "/good.bufr4").toString(), good);
        long sent = System.nanoTime();
        globalBroker.publish(topic(centre), slow.bytes());
        globalBroker.publish(topic(centre), next.bytes());

        Poll.until(Duration.ofSeconds(10), () -> republished(next.dataId()).size() == 1,
                "the message after the slow one cached promptly");
        Poll.until(Duration.ofSeconds(45),
                () -> metric("wmo_wis2_gc_downloaded_errors_total", "centre_id", centre) == 1,
                "the trickling download counted as an error");
        Poll.until(Duration.ofSeconds(5), () -> !events(centre).isEmpty(), "a monitoring event");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(45));
        assertThat(new String(events(centre).getFirst().payload(), StandardCharsets.UTF_8)).contains("time budget");
        assertThat(republished(slow.dataId())).isEmpty();
        assertThat(node.hits("/" + centre + "/trickle.bufr4")).isEqualTo(1);
        Poll.until(Duration.ofSeconds(10),
                () -> cache.queueDepths().equals(new LocalCache.QueueDepths(0, 0)),
                "nothing left queued, nothing in the DLQ");
        assertThat(cache.abandonedInvocations()).isZero();

        // the same instance announced by another Global Cache, with a good URL, is cached
        Wnm copy = data(centre, "trickle.bufr4", node.uri("/" + centre + "/good.bufr4").toString(), good)
                .globalCache("xx-other-global-cache");
        globalBroker.publish(topic(centre).replaceFirst("^origin/", "cache/"), copy.bytes());
        Poll.until(Duration.ofSeconds(15), () -> republished(slow.dataId()).size() == 1,
                "the other cache's copy cached");
        assertThat(object(republished(slow.dataId()).getFirst())).isEqualTo(good);
    }

    @Test
    @Order(2)
    void sourceNeedingTwelveSeconds_isDownloadedAndRepublishedExactlyOnce() throws Exception {
        String centre = centre();
        byte[] body = body();
        String path = "/" + centre + "/slow.bufr4";
        // 12 pieces a second apart: the last arrives after 11 s
        node.on(path, TestSource.slow(body, (body.length + 11) / 12, Duration.ofMillis(1000)));
        Wnm in = data(centre, "slow.bufr4", node.uri(path).toString(), body);
        globalBroker.publish(topic(centre), in.bytes());

        Poll.until(Duration.ofSeconds(30), () -> republished(in.dataId()).size() == 1, "the slow object cached");
        assertThat(object(republished(in.dataId()).getFirst())).isEqualTo(body);
        Thread.sleep(3_000); // room for a second delivery, had the first one's claim been taken over
        assertThat(republished(in.dataId())).hasSize(1);
        assertThat(node.hits(path)).isEqualTo(1);
        assertThat(cache.abandonedInvocations()).isZero();
    }

    @Test
    @Order(3)
    void transientFailuresThenSuccess_areRetriedWithinTheInvocation_andCachedOnce() throws Exception {
        String centre = centre();
        byte[] a = body();
        byte[] b = body();
        byte[] c = body();
        node.on("/" + centre + "/5xx.bufr4", TestSource.status(503), TestSource.ok(a, BUFR));
        node.on("/" + centre + "/429.bufr4", TestSource.tooManyRequests(1), TestSource.ok(b, BUFR));
        node.on("/" + centre + "/reset.bufr4", TestSource.RESET, TestSource.ok(c, BUFR));
        Wnm five = data(centre, "5xx.bufr4", node.uri("/" + centre + "/5xx.bufr4").toString(), a);
        Wnm many = data(centre, "429.bufr4", node.uri("/" + centre + "/429.bufr4").toString(), b);
        Wnm reset = data(centre, "reset.bufr4", node.uri("/" + centre + "/reset.bufr4").toString(), c);
        for (Wnm w : List.of(five, many, reset)) {
            globalBroker.publish(topic(centre), w.bytes());
        }

        for (Wnm w : List.of(five, many, reset)) {
            Poll.until(Duration.ofSeconds(15), () -> republished(w.dataId()).size() == 1, "cached: " + w.dataId());
        }
        assertThat(object(republished(five.dataId()).getFirst())).isEqualTo(a);
        assertThat(object(republished(many.dataId()).getFirst())).isEqualTo(b);
        assertThat(object(republished(reset.dataId()).getFirst())).isEqualTo(c);
        for (String name : List.of("5xx", "429", "reset")) {
            assertThat(node.hits("/" + centre + "/" + name + ".bufr4")).as(name).isEqualTo(2);
        }
        assertThat(metric("wmo_wis2_gc_downloaded_errors_total", "centre_id", centre)).isZero();
        assertThat(events(centre)).isEmpty();
    }

    @Test
    @Order(4)
    void ownNetworkDown_everySourceUnreachable_failsTheRecordsForRetry_blamingNoSource() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens here any more, on any loopback address
        }
        String centre = centre();
        List<Wnm> sent = new java.util.ArrayList<>();
        for (int host = 2; host <= 8; host++) { // seven distinct hosts, all refusing: the cache's network looks dead
            Wnm w = data(centre, "obs-" + host + ".bufr4", "http://127.0.0." + host + ":" + closed + "/obs.bufr4", body());
            sent.add(w);
            globalBroker.publish(topic(centre), w.bytes());
        }

        Poll.until(Duration.ofSeconds(20), () -> metric("gc_own_network_faults_total") >= 1, "the own-network counter");
        Thread.sleep(2_000);
        assertThat(events(centre)).as("no monitoring event blames a source").isEmpty();
        assertThat(metric("wmo_wis2_gc_downloaded_errors_total", "centre_id", centre)).isZero();
        for (Wnm w : sent) {
            assertThat(republished(w.dataId())).isEmpty();
        }
        assertThat(cache.queueDepths()).as("every record waits for its retry")
                .isEqualTo(new LocalCache.QueueDepths(sent.size(), 0));
    }
}
