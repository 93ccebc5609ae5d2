package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.local.demo.DemoMain;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Wnm;

/**
 * The running local cache, with {@code GC_ADD_INTEGRITY=false} and a small /tmp, fed what a careless or hostile
 * node sends, and the WMO notification examples checked as a message analyser checks a Global
 * Cache: each republication compared with the message sent, field by field and as text, where
 * only the new {@code id}, {@code properties.global-cache} and the canonical {@code href} may
 * differ.
 */
class HardeningIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CACHE_CENTRE = "xx-hardening-global-cache";
    private static final AtomicInteger CENTRES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The manager's /tmp here: room for one of the large objects below, not for two. */
    private static final long TMP_CAPACITY = 20L << 20;

    @TempDir
    static Path dataDir;
    private static LocalCache cache;
    private static WisNode node;
    private static MqttPeer globalBroker;
    private static MqttPeer everyone;

    @BeforeAll
    static void start() throws Exception {
        cache = LocalCache.start(LocalConfig.builder().dataDir(dataDir).centreId(CACHE_CENTRE).addIntegrity(false)
                .tmpCapacityBytes(Optional.of(TMP_CAPACITY)).maxObjectBytes(Optional.of(TMP_CAPACITY)).freePorts()
                .build());
        node = WisNode.start();
        globalBroker = MqttPeer.connect(LocalCacheIT.tcp(cache.globalBrokers().getFirst().url()), null, null);
        everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone");
        assertThat(everyone.subscribe("cache/a/wis2/#")).isEqualTo(1);
    }

    @AfterAll
    static void stop() {
        LocalCacheIT.closeAll(everyone, globalBroker, node, cache);
    }

    private static String centre() {
        return "xx-hard-node-" + CENTRES.incrementAndGet();
    }

    private static String topic(String centre) {
        return "origin/a/wis2/" + centre + "/data/core/weather/surface-based-observations/synop";
    }

    /** Byte {@code i} is {@code (i * 31 + 7) mod 256}: what the fidelity resources' integrity values are of. */
    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static MqttPeer.Received awaitRepublished(String dataId, int n) {
        Poll.until(WAIT, () -> republished(dataId).size() >= n, n + " republication(s) of " + dataId);
        return republished(dataId).get(n - 1);
    }

    private static List<MqttPeer.Received> republished(String dataId) {
        return everyone.received(r -> r.topic().startsWith("cache/")
                && dataId.equals(json(r.payload()).path("properties").path("data_id").asString()));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static double metric(String name, String... labels) {
        try {
            return MetricsText.sum(new String(get(cache.httpBase() + "/metrics").body(), StandardCharsets.UTF_8), name,
                    labels);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String resource(String name) {
        try (InputStream in = HardeningIT.class.getResourceAsStream("/fidelity/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@NODE@", node.url(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void negativeContentSize_isCachedFromTheUrl() throws Exception {
        String centre = centre();
        byte[] body = pattern(3000);
        String url = node.put("/" + centre + "/neg.bufr4", body, "application/bufr");
        ObjectNode in = (ObjectNode) JSON.readTree(Wnm.from(Wnm.Template.DATA).dataId(centre + "/neg")
                .pubtime(Instant.now())
                .link("canonical", url, "application/bufr").integrityOf(body).bytes());
        ((ObjectNode) in.get("properties")).putObject("content").put("encoding", "utf-8").put("value", "BUFR")
                .put("size", -4);
        globalBroker.publish(topic(centre), JSON.writeValueAsBytes(in));

        JsonNode out = json(awaitRepublished(centre + "/neg", 1).payload());
        assertThat(get(DemoMain.link(out, "canonical")).body()).isEqualTo(body);
        assertThat(node.requests("/" + centre + "/neg.bufr4")).isEqualTo(1);
    }

    @Test
    void linkTypeWithCrLf_isServedAsOctetStreamWithNosniff_andRepublishedAsReceived() throws Exception {
        String centre = centre();
        byte[] body = pattern(2000);
        String evil = "text/html\r\nX-Injected: yes";
        String url = node.put("/" + centre + "/page.bin", body, "application/octet-stream");
        byte[] sent = Wnm.from(Wnm.Template.DATA).dataId(centre + "/crlf").pubtime(Instant.now())
                .link("canonical", url, evil).integrityOf(body).bytes();
        globalBroker.publish(topic(centre), sent);

        JsonNode out = json(awaitRepublished(centre + "/crlf", 1).payload());
        assertThat(out.path("links").get(0).path("type").asString()).isEqualTo(evil);
        HttpResponse<byte[]> object = get(DemoMain.link(out, "canonical"));
        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(object.body()).isEqualTo(body);
        assertThat(object.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(object.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(object.headers().firstValue("X-Injected")).isEmpty();
    }

    @Test
    void pubtimeTwoHoursAhead_isNotRepublished_andALaterNormalInstanceIsCached() throws Exception {
        String centre = centre();
        byte[] body = pattern(1500);
        String url = node.put("/" + centre + "/obs.bufr4", body, "application/bufr");
        String dataId = centre + "/squatted";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        globalBroker.publish(topic(centre), Wnm.from(Wnm.Template.DATA).dataId(dataId)
                .pubtime(now.plus(Duration.ofHours(2)))
                .link("update", url, "application/bufr").integrityOf(body).bytes());
        Poll.until(WAIT,
                () -> metric("gc_outcomes_total", "centre_id", centre, "outcome", "invalid") >= 1,
                "the future pubtime counted invalid");
        assertThat(republished(dataId)).isEmpty();

        globalBroker.publish(topic(centre), Wnm.from(Wnm.Template.DATA).dataId(dataId).pubtime(now)
                .link("canonical", url, "application/bufr").integrityOf(body).bytes());

        JsonNode out = json(awaitRepublished(dataId, 1).payload());
        assertThat(out.path("properties").path("pubtime").asString()).isEqualTo(now.toString());
        assertThat(get(DemoMain.link(out, "canonical")).body()).isEqualTo(body);
    }

    @Test
    void addIntegrityOff_republishesWithoutAnAddedIntegrity() throws Exception {
        String centre = centre();
        byte[] body = pattern(1200);
        String url = node.put("/" + centre + "/plain.bufr4", body, "application/bufr");
        byte[] sent = Wnm.from(Wnm.Template.DATA).dataId(centre + "/no-integrity").pubtime(Instant.now())
                .link("canonical", url, "application/bufr").bytes();
        globalBroker.publish(topic(centre), sent);

        JsonNode out = json(awaitRepublished(centre + "/no-integrity", 1).payload());
        assertThat(out.path("properties").has("integrity")).isFalse();
        assertThat(differences(json(sent), out))
                .containsExactlyInAnyOrder("/id", "/properties/global-cache", "/links/0/href");
    }

    @Test
    void objectsTogetherLargerThanTmp_areCachedWithoutTheSpillEverExceedingIt() throws Exception {
        String centre = centre();
        byte[] body = pattern(12 << 20); // above the 8 MiB kept in the heap: each one spills
        Path tmp = dataDir.resolve("tmp");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong peak = new AtomicLong();
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                peak.accumulateAndGet(folderBytes(tmp), Math::max);
                LockSupport.parkNanos(1_000_000);
            }
        });
        List<String> dataIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String url = node.put("/" + centre + "/large-" + i + ".bin", body, "application/octet-stream");
            String dataId = centre + "/large-" + i;
            dataIds.add(dataId);
            globalBroker.publish(topic(centre), Wnm.from(Wnm.Template.DATA).dataId(dataId).pubtime(Instant.now())
                    .link("canonical", url, "application/octet-stream").integrityOf(body).bytes());
        }

        List<JsonNode> outs = new ArrayList<>();
        for (String dataId : dataIds) {
            outs.add(json(awaitRepublished(dataId, 1).payload()));
        }
        Poll.until(WAIT, () -> folderBytes(tmp) == 0, "the spill files deleted");
        stop.set(true);
        watcher.join();

        System.out.printf("manager /tmp peak: %d bytes of %d allowed, for 4 objects of %d bytes%n", peak.get(),
                TMP_CAPACITY, body.length);
        assertThat(peak.get()).isGreaterThan(0).isLessThanOrEqualTo(TMP_CAPACITY);
        for (JsonNode out : outs) {
            assertThat(get(DemoMain.link(out, "canonical")).body()).isEqualTo(body);
        }
    }

    private static long folderBytes(Path dir) {
        long sum = 0;
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    sum += java.nio.file.Files.size(p);
                } catch (IOException gone) {
                    // deleted between listing and sizing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum;
    }

    @Test
    void wmoExamplesAndVariants_areRepublishedWithOnlyTheAllowedDifferences() throws Exception {
        String centre = centre();
        node.put("/data/4Pubsub/92c557ef-d28e-4713-91af-2e2e7be6f8ab.bufr4", pattern(457), "application/bufr");
        node.put("/data/nwp/92c557ef-d28e-4713-91af-2e2e7be6f8ab.grib", pattern(1000), "application/grib");
        node.put("/data/wis2/int-eumetsat/data/core/weather/space-based-observations/satellite4nowcasting/Meteosat-"
                + "10/ImageL1-5/"
                + "H-000-MSG3__-MSG3________-IR_134___-000001___-202401181200-C_/H-000-MSG3__-MSG3________-IR_134__"
                + "_-000001___-202401181200-C_",
                pattern(409575), "application/octet-stream");
        node.put("/data/variant.bin", pattern(1000), "application/octet-stream");
        List<String> names = List.of("wnm-example1.json", "wnm-example2.json",
                "wnm-eumetsat-msg-seviri-core-notification.json",
                "wnm-example3.json", "wnm-example4.json", "variant-numbers-escapes.json");
        for (String name : names) {
            String in = resource(name);
            JsonNode original = JSON.readTree(in);
            globalBroker.publish(topic(centre), in.getBytes(StandardCharsets.UTF_8));
            // matched as an analyser matches them, by data_id and pubtime; each awaited before the
            // next is sent, since example 4 (a deletion) follows example 3 under the same data_id
            String out = new String(awaitRepublished(original), StandardCharsets.UTF_8);
            JsonNode republished = JSON.readTree(out);
            boolean cached = original.path("properties").path("cache").asBoolean(true) && !hasRel(original, "deletion");
            List<String> allowed = new ArrayList<>(List.of("/id", "/properties/global-cache"));
            if (cached) {
                allowed.add("/links/" + canonicalIndex(original) + "/href");
            }
            assertThat(differences(original, republished)).as(name).containsExactlyInAnyOrderElementsOf(allowed);
            assertThat(undone(out, in, original, republished, cached)).as(name + " as text").isEqualTo(in);
        }
    }

    /** The republication of {@code original}: the same data_id and pubtime. */
    private static byte[] awaitRepublished(JsonNode original) {
        String dataId = original.path("properties").path("data_id").asString();
        String pubtime = original.path("properties").path("pubtime").asString();
        Poll.until(WAIT, () -> republished(dataId).stream()
                .anyMatch(r -> pubtime.equals(json(r.payload()).path("properties").path("pubtime").asString())),
                "the republication of " + dataId + " at " + pubtime);
        return republished(dataId).stream()
                .filter(r -> pubtime.equals(json(r.payload()).path("properties").path("pubtime").asString()))
                .findFirst().orElseThrow().payload();
    }

    private static boolean hasRel(JsonNode message, String rel) {
        for (JsonNode l : message.path("links")) {
            if (rel.equals(l.path("rel").asString())) {
                return true;
            }
        }
        return false;
    }

    private static int canonicalIndex(JsonNode message) {
        for (int i = 0; i < message.path("links").size(); i++) {
            if ("canonical".equals(message.path("links").get(i).path("rel").asString())) {
                return i;
            }
        }
        throw new AssertionError("no canonical link");
    }

    /**
     * The republished text with the allowed changes undone: its id and the cache URL swapped back
     * for the received ones (as the sent text wrote them, escapes included) and the added
     * global-cache member taken out. Equal to the sent text only when nothing else changed.
     */
    private static String undone(String out, String in, JsonNode original, JsonNode republished, boolean cached)
            throws Exception {
        String result = out.replace(JSON.writeValueAsString(republished.path("id").asString()),
                        rawString(in, original.path("id").asString()))
                .replace(",\"global-cache\":" + JSON.writeValueAsString(CACHE_CENTRE), "");
        if (cached) {
            int i = canonicalIndex(original);
            result = result.replace(JSON.writeValueAsString(republished.path("links").get(i).path("href").asString()),
                    rawString(in, original.path("links").get(i).path("href").asString()));
        }
        return result;
    }

    /** The first string token of {@code text} that decodes to {@code value}, as written there. */
    private static String rawString(String text, String value) throws Exception {
        var strings = java.util.regex.Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"").matcher(text);
        while (strings.find()) {
            if (JSON.readValue(strings.group(), String.class).equals(value)) {
                return strings.group();
            }
        }
        throw new AssertionError("no string " + value + " in the sent message");
    }

    /** JSON-pointer paths where two trees differ: changed values, and members added or removed. */
    static List<String> differences(JsonNode a, JsonNode b) {
        List<String> out = new ArrayList<>();
        diff(a, b, "", out);
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a.isObject() && b.isObject()) {
            for (String name : a.propertyNames()) {
                if (!b.has(name)) {
                    out.add(path + "/" + name);
                } else {
                    diff(a.get(name), b.get(name), path + "/" + name, out);
                }
            }
            for (String name : b.propertyNames()) {
                if (!a.has(name)) {
                    out.add(path + "/" + name);
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), b.get(i), path + "/" + i, out);
            }
        } else if (!a.equals(b)) {
            out.add(path);
        }
    }
}
