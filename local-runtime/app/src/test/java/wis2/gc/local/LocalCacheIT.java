package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import wis2.gc.config.ConfigException;
import wis2.gc.local.demo.DemoMain;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Wnm;

/**
 * The running local cache driven like an outside client: notifications in through the
 * (embedded) Global Broker, republications out of the cache's broker as {@code everyone}, the
 * objects and metrics over HTTP. One scenario of the official functional tests per test, each
 * with its own centre-id so the metric checks do not see each other.
 */
class LocalCacheIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CENTRES = new AtomicInteger();
    private static final Random RANDOM = new Random(7);

    @TempDir
    static Path dataDir;
    private static LocalCache cache;
    private static WisNode node;
    private static MqttPeer globalBroker;
    private static MqttPeer everyone;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cache = LocalCache.start(LocalConfig.builder().dataDir(dataDir).centreId("xx-it-global-cache").freePorts()
                .build());
        node = WisNode.start();
        globalBroker = MqttPeer.connect(tcp(cache.globalBrokers().getFirst().url()), null, null);
        everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone");
        assertThat(everyone.subscribe("cache/a/wis2/#")).isEqualTo(1);
        assertThat(everyone.subscribe("monitor/#")).isEqualTo(1);
    }

    @AfterAll
    static void stop() {
        closeAll(everyone, globalBroker, node, cache);
    }

    /** Closes each of {@code closeables} that was opened, going on past a failure (the suites' teardown). */
    static void closeAll(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    static String tcp(URI mqtt) {
        return "tcp://" + mqtt.getHost() + ":" + mqtt.getPort();
    }

    /** A fresh centre-id, so each test reads its own metric series. */
    private static String centre() {
        return "xx-it-node-" + CENTRES.incrementAndGet();
    }

    private static String dataTopic(String centre) {
        return "origin/a/wis2/" + centre + "/data/core/weather/surface-based-observations/synop";
    }

    private static byte[] body() {
        byte[] b = new byte[1000 + RANDOM.nextInt(4000)];
        RANDOM.nextBytes(b);
        return b;
    }

    private static List<JsonNode> republished(String dataId) {
        return everyone.received(r -> r.topic().startsWith("cache/")).stream()
                .map(r -> json(r.payload()))
                .filter(n -> dataId.equals(n.path("properties").path("data_id").asString()))
                .toList();
    }

    private static List<MqttPeer.Received> republishedMessages(String dataId) {
        return everyone.received(r -> r.topic().startsWith("cache/")
                && dataId.equals(json(r.payload()).path("properties").path("data_id").asString()));
    }

    private static JsonNode awaitRepublished(String dataId, int n) {
        Poll.until(WAIT, () -> republished(dataId).size() >= n, n + " republication(s) of " + dataId);
        return republished(dataId).get(n - 1);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static double metric(String name, String... labels) throws Exception {
        return MetricsText.sum(new String(get(cache.httpBase() + "/metrics").body(), StandardCharsets.UTF_8), name,
                labels);
    }

    private static void awaitMetric(String name, double atLeast, String... labels) {
        Poll.until(WAIT, () -> {
            try {
                return metric(name, labels) >= atLeast;
            } catch (Exception e) {
                return false;
            }
        }, name + " " + List.of(labels) + " >= " + atLeast);
    }

    private static Wnm data(String centre, String file, byte[] body, Instant pubtime) {
        String url = node.put("/" + centre + "/" + file, body, "application/bufr");
        return Wnm.from(Wnm.Template.DATA).dataId(centre + "/data/core/synop/" + file).pubtime(pubtime)
                .link("canonical", url, "application/bufr").integrityOf(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"origin/a/wis2/%s/data/core/weather/surface-based-observations/synop",
            "origin/a/wis2/%s/metadata/core",
            "cache/a/wis2/%s/data/core/weather/surface-based-observations/synop",
            "cache/a/wis2/%s/metadata/core"})
    void topicFamilies_areCachedAndRepublishedOnTheCacheChannel(String topicPattern) throws Exception {
        String centre = centre();
        String topic = topicPattern.formatted(centre);
        byte[] body = body();
        Wnm in = data(centre, "obs.bufr4", body, Instant.parse("2026-01-01T00:00:00Z"));
        byte[] sent = in.bytes();
        globalBroker.publish(topic, sent);

        JsonNode out = awaitRepublished(in.dataId(), 1);
        MqttPeer.Received received = republishedMessages(in.dataId()).getFirst();
        assertThat(received.topic()).isEqualTo(topic.replaceFirst("^origin/", "cache/"));
        JsonNode original = json(sent);
        assertThat(out.path("id").asString()).isNotEqualTo(original.path("id").asString());
        assertThat(out.path("properties").path("global-cache").asString()).isEqualTo("xx-it-global-cache");
        assertThat(out.path("properties").path("pubtime")).isEqualTo(original.path("properties").path("pubtime"));
        assertThat(out.path("properties").path("integrity")).isEqualTo(original.path("properties").path("integrity"));
        String href = DemoMain.link(out, "canonical");
        assertThat(href).startsWith(cache.publicBaseUrl() + "/");
        HttpResponse<byte[]> object = get(href);
        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(object.body()).isEqualTo(body);
        assertThat(object.headers().firstValue("Content-Type")).contains("application/bufr");
        for (int i = 0; i < out.path("links").size(); i++) {
            // no length added where the origin had none
            assertThat(out.path("links").get(i).has("length")).isEqualTo(original.path("links").get(i).has("length"));
        }
    }

    @Test
    void withoutIntegrity_getsItsSha512AddedByDefault() throws Exception {
        String centre = centre();
        byte[] body = body();
        String url = node.put("/" + centre + "/plain.bufr4", body, "application/bufr");
        Wnm in = Wnm.from(Wnm.Template.DATA).dataId(centre + "/data/core/synop/plain")
                .pubtime(Instant.parse("2026-01-01T00:00:00Z"))
                .link("canonical", url, "application/bufr");
        globalBroker.publish(dataTopic(centre), in.bytes());

        JsonNode out = awaitRepublished(in.dataId(), 1);
        assertThat(out.path("properties").path("integrity").path("method").asString()).isEqualTo("sha512");
        assertThat(out.path("properties").path("integrity").path("value").asString())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(Wnm.sha512(body)));
    }

    @Test
    void largeNotification_of600KiBWithInlineContent_isCachedFromItsContentAndRepublishedWhole() throws Exception {
        String centre = centre();
        String data = "inline observation ".repeat(150); // within the 4096 characters the WNM schema allows
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        String url = node.put("/" + centre + "/large.txt", bytes, "text/plain");
        Wnm in = Wnm.from(Wnm.Template.DATA).dataId(centre + "/data/core/swath/1")
                .pubtime(Instant.parse("2026-01-01T00:00:00Z"))
                .link("canonical", url, "text/plain").integrityOf(bytes).inlineUtf8(data).polygon(24_000);
        byte[] sent = in.bytes();
        assertThat(sent.length).isBetween(600 * 1024, 1024 * 1024 - 4096);

        globalBroker.publish(dataTopic(centre), sent);

        JsonNode out = awaitRepublished(in.dataId(), 1);
        assertThat(get(DemoMain.link(out, "canonical")).body()).isEqualTo(bytes);
        assertThat(node.requests("/" + centre + "/large.txt")).as("cached from the inline content").isZero();
        assertThat(republishedMessages(in.dataId()).getFirst().payload().length).isGreaterThan(600 * 1024);
        assertThat(out.path("geometry").path("coordinates").get(0).size()).isEqualTo(24_001);
    }

    @Test
    void notificationOver1MiB_isNotForwarded_butCountedAndReportedWithAMonitoringEvent() throws Exception {
        String centre = centre();
        String url = node.put("/" + centre + "/huge.bufr4", body(), "application/bufr");
        Wnm in = Wnm.from(Wnm.Template.DATA).dataId(centre + "/data/core/huge/1")
                .pubtime(Instant.parse("2026-01-01T00:00:00Z"))
                .link("canonical", url, "application/bufr").polygon(80_000);
        byte[] sent = in.bytes();
        assertThat(sent.length).isGreaterThan(2 * 1024 * 1024);

        globalBroker.publish(dataTopic(centre), sent);

        Poll.until(WAIT, () -> !everyone.received(r ->
                r.topic().equals("monitor/a/wis2/" + centre)).isEmpty(), "a monitoring event about " + in.dataId());
        JsonNode event = json(everyone.received(r -> r.topic().equals("monitor/a/wis2/" + centre)).getFirst()
                .payload());
        assertThat(event.path("source").asString()).isEqualTo("xx-it-global-cache");
        assertThat(event.path("subject").asString()).isEqualTo(centre);
        assertThat(event.toString()).contains(in.dataId(), "too large", "at most 1048576 bytes");
        assertThat(cache.listenerMetrics()).contains("reason=\"too-large\"} 1\n", "outcome=\"published\"} 1\n");
        assertThat(republished(in.dataId())).isEmpty();
        assertThat(node.requests("/" + centre + "/huge.bufr4")).isZero();
    }

    @Test
    void cacheFalse_isRepublishedWithTheOriginalLink_andNothingIsDownloaded() throws Exception {
        String centre = centre();
        String url = node.put("/" + centre + "/radar.h5", body(), "application/x-hdf5");
        Wnm in = Wnm.from(Wnm.Template.CACHE_FALSE).dataId(centre + "/radar/1")
                .pubtime(Instant.parse("2026-01-01T00:00:00Z"))
                .link("canonical", url, "application/x-hdf5");
        globalBroker.publish(dataTopic(centre), in.bytes());

        JsonNode out = awaitRepublished(in.dataId(), 1);
        assertThat(DemoMain.link(out, "canonical")).isEqualTo(url);
        assertThat(out.path("properties").path("global-cache").asString()).isEqualTo("xx-it-global-cache");
        assertThat(node.requests("/" + centre + "/radar.h5")).isZero();
        awaitMetric("wmo_wis2_gc_no_cache_total", 1, "centre_id", centre);
    }

    @Test
    void downloadFailure_isNotRepublished_andIsCounted() throws Exception {
        String centre = centre();
        Wnm in = Wnm.from(Wnm.Template.DATA).dataId(centre + "/missing").pubtime(Instant.parse("2026-01-01T00:00:00Z"))
                .link("canonical", node.url("/" + centre + "/missing.bufr4"), "application/bufr");
        globalBroker.publish(dataTopic(centre), in.bytes());

        awaitMetric("wmo_wis2_gc_downloaded_errors_total", 1, "centre_id", centre);
        assertThat(republished(in.dataId())).isEmpty();
        assertThat(metric("wmo_wis2_gc_dataserver_status_flag", "centre_id", centre)).isZero();
    }

    @Test
    void integrityFailure_isNotRepublished_andIsCounted() throws Exception {
        String centre = centre();
        Wnm in = data(centre, "obs.bufr4", body(), Instant.parse("2026-01-01T00:00:00Z"))
                .integrityOf("not the published bytes".getBytes(StandardCharsets.UTF_8));
        globalBroker.publish(dataTopic(centre), in.bytes());

        awaitMetric("wmo_wis2_gc_integrity_failed_total", 1, "centre_id", centre);
        assertThat(republished(in.dataId())).isEmpty();
    }

    @Test
    void dedup_theSameInstanceTwice_isDownloadedAndRepublishedOnce() throws Exception {
        String centre = centre();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        byte[] body = body();
        Wnm first = data(centre, "obs.bufr4", body, t);
        Wnm second = data(centre, "obs.bufr4", body, t); // a new id: not collapsed by the queue
        globalBroker.publish(dataTopic(centre), first.bytes());
        globalBroker.publish(dataTopic(centre), second.bytes());

        awaitRepublished(first.dataId(), 1);
        awaitMetric("gc_outcomes_total", 1, "centre_id", centre, "outcome", "duplicate");
        assertThat(republished(first.dataId())).hasSize(1);
        assertThat(node.requests("/" + centre + "/obs.bufr4")).isEqualTo(1);
    }

    @Test
    void dedupAlternative1_aFailedFirstCopyDoesNotStopALaterCopyOfTheSameInstance() throws Exception {
        String centre = centre();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        byte[] body = body();
        Wnm good = data(centre, "obs.bufr4", body, t);
        Wnm broken = Wnm.from(Wnm.Template.DATA).dataId(good.dataId()).pubtime(t)
                .link("canonical", node.url("/" + centre + "/gone.bufr4"), "application/bufr").integrityOf(body);
        globalBroker.publish(dataTopic(centre), broken.bytes());
        awaitMetric("wmo_wis2_gc_downloaded_errors_total", 1, "centre_id", centre);
        assertThat(republished(good.dataId())).isEmpty();

        globalBroker.publish(dataTopic(centre), good.bytes());
        JsonNode out = awaitRepublished(good.dataId(), 1);
        assertThat(get(DemoMain.link(out, "canonical")).body()).isEqualTo(body);
    }

    @Test
    void dedupAlternative2_anEarlierOrEqualPubtimeAfterALaterOne_isDropped() throws Exception {
        String centre = centre();
        Instant later = Instant.parse("2026-01-01T12:00:00Z");
        Wnm latest = data(centre, "obs-12.bufr4", body(), later);
        globalBroker.publish(dataTopic(centre), latest.bytes());
        awaitRepublished(latest.dataId(), 1);

        byte[] older = body();
        String olderUrl = node.put("/" + centre + "/obs-06.bufr4", older, "application/bufr");
        Wnm earlier = Wnm.from(Wnm.Template.DATA).dataId(latest.dataId()).pubtime(later.minusSeconds(6 * 3600))
                .link("update", olderUrl, "application/bufr").integrityOf(older);
        Wnm equal = Wnm.from(Wnm.Template.DATA).dataId(latest.dataId()).pubtime(later)
                .link("update", olderUrl, "application/bufr").integrityOf(older);
        globalBroker.publish(dataTopic(centre), earlier.bytes());
        globalBroker.publish(dataTopic(centre), equal.bytes());

        awaitMetric("gc_outcomes_total", 2, "centre_id", centre, "outcome", "duplicate");
        assertThat(republished(latest.dataId())).hasSize(1);
        assertThat(node.requests("/" + centre + "/obs-06.bufr4")).isZero();
    }

    @Test
    void update_aLaterPubtimeWithAnUpdateLink_isCachedAtItsOwnUrl() throws Exception {
        String centre = centre();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        byte[] first = body();
        Wnm original = data(centre, "obs.bufr4", first, t);
        globalBroker.publish(dataTopic(centre), original.bytes());
        String firstUrl = DemoMain.link(awaitRepublished(original.dataId(), 1), "canonical");

        byte[] corrected = body();
        String url = node.put("/" + centre + "/obs-corrected.bufr4", corrected, "application/bufr");
        Wnm update = Wnm.from(Wnm.Template.DATA).dataId(original.dataId()).pubtime(t.plusSeconds(60))
                .link("update", url, "application/bufr").integrityOf(corrected);
        globalBroker.publish(dataTopic(centre), update.bytes());

        String updateUrl = DemoMain.link(awaitRepublished(original.dataId(), 2), "update");
        assertThat(updateUrl).startsWith(cache.publicBaseUrl()).isNotEqualTo(firstUrl);
        assertThat(get(updateUrl).body()).isEqualTo(corrected);
        assertThat(get(firstUrl).body()).isEqualTo(first);
    }

    @Test
    void acl_everyoneCanNeitherPublishNorSeeAnythingOutsideCacheAndMonitor() throws Exception {
        String centre = centre();
        try (MqttPeer all = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone")) {
            int granted = all.subscribe("#");
            try (MqttPeer intruder = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone")) {
                try {
                    intruder.publish("cache/a/wis2/" + centre + "/data/core/fake",
                            "{}".getBytes(StandardCharsets.UTF_8));
                    intruder.publish("origin/a/wis2/" + centre + "/data/core/fake",
                            "{}".getBytes(StandardCharsets.UTF_8));
                } catch (Exception refused) {
                    // a broker may also drop the connection of a client publishing where it may not
                }
            }
            // a real republication afterwards: once it arrived, the forbidden ones would have too
            Wnm in = data(centre, "obs.bufr4", body(), Instant.parse("2026-01-01T00:00:00Z"));
            globalBroker.publish(dataTopic(centre), in.bytes());
            awaitRepublished(in.dataId(), 1);
            if (granted != 128) {
                Poll.until(WAIT,
                        () -> all.received().stream().anyMatch(r -> r.text().contains(in.dataId())),
                        "the republication on the '#' subscription");
            }
            assertThat(all.received()).allSatisfy(r -> assertThat(r.topic()).matches("(cache|monitor)/.*"));
            assertThat(all.received()).noneSatisfy(r -> assertThat(r.topic()).contains("/fake"));
        }
        assertThat(everyone.received()).noneSatisfy(r -> assertThat(r.topic()).contains("/fake"));
        assertThatThrownBy(() -> MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "wrong"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void mqtt5_everyoneReceivesRepublications_andIsRefusedPublishing() throws Exception {
        String centre = centre();
        List<String> topics = new CopyOnWriteArrayList<>();
        List<String> payloads = new CopyOnWriteArrayList<>();
        MqttAsyncClient v5 = new MqttAsyncClient("tcp://127.0.0.1:" + cache.mqttPort(), "it-v5-" + centre,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        // Paho 5's per-subscription listeners fail on a subscription without identifier: a callback
        v5.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                topics.add(topic);
                payloads.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("everyone");
        options.setPassword("everyone".getBytes(StandardCharsets.UTF_8));
        v5.connect(options).waitForCompletion(10_000);
        try {
            MqttSubscription ours = new MqttSubscription("cache/a/wis2/" + centre + "/#", 1);
            IMqttToken subscribed = v5.subscribe(ours);
            subscribed.waitForCompletion(10_000);
            assertThat(subscribed.getReasonCodes()).containsExactly(1);

            // MQTT 5 tells a refused publisher why: PUBACK with 0x87 (not authorized), as EMQX does
            IMqttToken forged = v5.publish("cache/a/wis2/" + centre + "/data/core/fake",
                    "{}".getBytes(StandardCharsets.UTF_8), 1, false);
            forged.waitForCompletion(10_000);
            assertThat(forged.getReasonCodes()).containsExactly(0x87);
            assertThat(v5.isConnected()).isTrue();

            Wnm in = data(centre, "obs.bufr4", body(), Instant.parse("2026-01-01T00:00:00Z"));
            globalBroker.publish(dataTopic(centre), in.bytes());
            Poll.until(WAIT,
                    () -> payloads.stream().anyMatch(p -> p.contains(in.dataId())),
                    "the republication on the MQTT 5 subscription");
            assertThat(topics).containsOnly(dataTopic(centre).replaceFirst("^origin/", "cache/"));
        } finally {
            if (v5.isConnected()) {
                v5.disconnect().waitForCompletion(5_000);
            }
            v5.close();
        }
    }

    @Test
    void mqtts_acceptsEveryoneWithThePrintedCaFile() throws Exception {
        assertThat(cache.caFile()).isEqualTo(dataDir.resolve("mqtts-ca.pem"));
        assertThat(cache.readyLine()).startsWith("ready ").contains(cache.caFile().toString());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cache.caFile())) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(tls.getSocketFactory());
        options.setUserName("everyone");
        options.setPassword("everyone".toCharArray());
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + cache.mqttsPort(), "it-" + UUID.randomUUID(),
                new MemoryPersistence());
        try {
            client.connect(options);
            assertThat(client.subscribeWithResponse("cache/a/wis2/#", 1).getGrantedQos()[0]).isEqualTo(1);
        } finally {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    @Test
    void http_answers404ForUnknownObjects_405ForOtherMethods_andHeadWithTheLength() throws Exception {
        String centre = centre();
        byte[] body = body();
        Wnm in = data(centre, "obs.bufr4", body, Instant.parse("2026-01-01T00:00:00Z"));
        globalBroker.publish(dataTopic(centre), in.bytes());
        String href = DemoMain.link(awaitRepublished(in.dataId(), 1), "canonical");

        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(URI.create(href)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(body.length));
        assertThat(get(cache.publicBaseUrl() + "/no/such/object").statusCode()).isEqualTo(404);
        assertThat(get(cache.httpBase() + "/nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(href))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void health_reportsEveryComponentUp() throws Exception {
        HttpResponse<byte[]> r = get(cache.httpBase() + "/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode health = json(r.body());
        assertThat(health.path("status").asString()).isEqualTo("up");
        assertThat(health.path("components").properties()).extracting(Map.Entry::getKey)
                .contains("redis", "sqs", "s3", "broker", "global-broker", "manager", "listener-gb");
    }

    @Test
    void start_stopsWithAMessageNamingTheVariable_whenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            LocalConfig config = LocalConfig.fromEnvironment(Map.of("GC_DATA_DIR", dataDir.resolve("other").toString(),
                    "GC_MQTTS_PORT", Integer.toString(taken.getLocalPort()), "GC_HTTP_PORT", "0", "GC_MQTT_PORT", "0",
                    "GC_GB_PORT", "0"));
            assertThatThrownBy(() -> LocalCache.start(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("GC_MQTTS_PORT: port " + taken.getLocalPort() + " is already in use");
        }
    }
}
