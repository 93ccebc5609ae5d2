package wis2.gc.local.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.standins.EmbeddedReplay;
import wis2.gc.config.ConfigException;
import wis2.gc.local.ConsoleLog;
import wis2.gc.local.LocalCache;
import wis2.gc.local.LocalConfig;
import wis2.gc.local.MetricsText;
import wis2.gc.local.MqttPeer;
import wis2.gc.local.WisNode;
import wis2.gc.testing.Wnm;

/**
 * {@code ./gc demo}: the local cache, two Global Brokers and a small WIS2 node, then a short
 * story told through the real protocols (MQTT in through the Global Brokers, MQTT out as
 * {@code everyone}, HTTP for the objects and {@code /metrics}). Ends with expected against
 * observed outcomes; exit status 0 only when every one matched.
 */
public final class DemoMain {
    static final String NODE_CENTRE = "xx-demo-node";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String DATA_TOPIC = "origin/a/wis2/" + NODE_CENTRE
            + "/data/core/weather/surface-based-observations/synop";
    private static final String METADATA_TOPIC = "origin/a/wis2/" + NODE_CENTRE + "/metadata/core";

    /** One line of the final table. */
    record Outcome(String step, String expected, String observed, boolean matched) {
    }

    private final LocalCache cache;
    private final WisNode node;
    private final EmbeddedBroker b1;
    private final EmbeddedBroker b2;
    private final EmbeddedReplay replay;
    private final MqttPeer gb1;
    private final MqttPeer gb2;
    private final MqttPeer everyone;
    private final PrintStream out;
    private final boolean live;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Random random = new Random(42);
    private Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private DemoMain(LocalCache cache, WisNode node, EmbeddedBroker b1, EmbeddedBroker b2, EmbeddedReplay replay,
            MqttPeer gb1, MqttPeer gb2, MqttPeer everyone, PrintStream out, boolean live) {
        this.cache = cache;
        this.node = node;
        this.b1 = b1;
        this.b2 = b2;
        this.replay = replay;
        this.gb1 = gb1;
        this.gb2 = gb2;
        this.everyone = everyone;
        this.out = out;
        this.live = live;
    }

    public static void main(String[] args) {
        int status;
        PrintStream terminal = System.err; // the log takes System.err over below
        try {
            LocalConfig config = LocalConfig.fromEnvironment(System.getenv());
            Path log = config.dataDir().resolve("demo.log");
            PrintStream console = ConsoleLog.redirect(log);
            console.println("gc demo: the programs' logs go to " + log);
            status = run(config, console, ConsoleLog.isTerminal());
        } catch (ConfigException e) {
            terminal.println("gc demo: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            terminal.println("gc demo: failed: " + e);
            e.printStackTrace(); // into the log, once it has taken System.err over
            status = 1;
        }
        System.exit(status);
    }

    /**
     * Plays the story with a fresh cache in {@code {GC_DATA_DIR}/demo} and two embedded Global
     * Brokers in place of {@code GC_GLOBAL_BROKERS}; returns 0 when every outcome matched.
     */
    static int run(LocalConfig base, PrintStream out, boolean live) throws Exception {
        Path dir = base.dataDir().resolve("demo");
        deleteRecursively(dir);
        out.println("gc demo: starting the cache, two Global Brokers, a Global Replay service and a WIS2 node (" + dir
                + ")");
        try (EmbeddedBroker b1 = LocalCache.globalBroker(0);
             EmbeddedBroker b2 = LocalCache.globalBroker(0);
             EmbeddedReplay replay = EmbeddedReplay.start();
             WisNode node = WisNode.start()) {
            LocalConfig config = base.toBuilder()
                    .globalBrokers(List.of(
                            LocalConfig.GlobalBroker.embedded("gb1", b1),
                            LocalConfig.GlobalBroker.embedded("gb2", b2)))
                    .dataDir(dir.resolve("cache"))
                    .allowPrivateSources(true)
                    .globalReplayUrl(Optional.of(replay.baseUrl()))
                    .build();
            try (LocalCache cache = LocalCache.start(config);
                 MqttPeer gb1 = MqttPeer.connect("tcp://127.0.0.1:" + b1.port(), null, null);
                 MqttPeer gb2 = MqttPeer.connect("tcp://127.0.0.1:" + b2.port(), null, null);
                 MqttPeer everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone")) {
                everyone.subscribe("cache/#");
                everyone.subscribe("monitor/#");
                out.println(cache.readyLine());
                int status = new DemoMain(cache, node, b1, b2, replay, gb1, gb2, everyone, out, live).play();
                if (live) {
                    out.println("the cache keeps running so you can try it; press Enter to stop");
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
                }
                return status;
            }
        }
    }

    private int play() throws Exception {
        String[] names = {"new data", "new metadata", "same message via two brokers", "update", "cache=false",
                "deletion", "integrity failure", "download failure", "backfill after lost sessions"};
        progress(1, names);
        Item data = newData("synop-" + run + ".bufr4", "application/bufr", DATA_TOPIC);
        gb1.publish(DATA_TOPIC, data.message().bytes());
        Optional<JsonNode> dataRepublished = awaitRepublished(data.dataId());
        check("new data on a data topic", "republished, object served as published", dataRepublished, data);

        progress(2, names);
        Item metadata = newData("wcmp2-" + run + ".json", "application/geo+json", METADATA_TOPIC);
        gb1.publish(METADATA_TOPIC, metadata.message().bytes());
        check("new metadata on a metadata topic", "republished, record served as published",
                awaitRepublished(metadata.dataId()), metadata);

        progress(3, names);
        Item twice = newData("temp-" + run + ".bufr4", "application/bufr", DATA_TOPIC);
        byte[] same = twice.message().bytes();
        gb1.publish(DATA_TOPIC, same);
        gb2.publish(DATA_TOPIC, same);
        Optional<JsonNode> twiceRepublished = awaitRepublished(twice.dataId());

        progress(4, names);
        byte[] newer = payload();
        String updatePath = "/data/synop-" + run + "-corrected.bufr4";
        String updateUrl = node.put(updatePath, newer, "application/bufr");
        Wnm update = Wnm.from(Wnm.Template.DATA).dataId(data.dataId()).pubtime(nextPubtime())
                .link("update", updateUrl, "application/bufr").integrityOf(newer);
        gb2.publish(DATA_TOPIC, update.bytes());
        Optional<JsonNode> updated = await(() -> republished(data.dataId()).size() >= 2)
                ? Optional.of(republished(data.dataId()).get(1)) : Optional.empty();
        String firstUrl = dataRepublished.map(m -> link(m, "canonical")).orElse("?");
        String updatedUrl = updated.map(m -> link(m, "update")).orElse(null);
        boolean servedNewer = updatedUrl != null && Arrays.equals(get(updatedUrl), newer);
        outcomes.add(new Outcome("update (later pubtime, rel=update)", "republished at a new URL with the new bytes",
                updatedUrl == null ? "not republished" : (updatedUrl.equals(firstUrl) ? "same URL as before"
                        : servedNewer ? "new URL, new bytes" : "new URL, wrong bytes"),
                updatedUrl != null && !updatedUrl.equals(firstUrl) && servedNewer));

        progress(5, names);
        String noCachePath = "/data/radar-" + run + ".h5";
        String noCacheUrl = node.put(noCachePath, payload(), "application/x-hdf5");
        Wnm noCache = Wnm.from(Wnm.Template.CACHE_FALSE).dataId(NODE_CENTRE + "/radar/" + run).pubtime(nextPubtime())
                .link("canonical", noCacheUrl, "application/x-hdf5");
        gb1.publish(DATA_TOPIC, noCache.bytes());
        Optional<JsonNode> noCacheRepublished = awaitRepublished(noCache.dataId());
        boolean linkKept = noCacheRepublished.map(m -> noCacheUrl.equals(link(m, "canonical"))).orElse(false);
        outcomes.add(new Outcome("cache=false", "republished with the original link, not downloaded",
                noCacheRepublished.isEmpty() ? "not republished"
                        : (linkKept ? "original link" : "link changed") + ", downloads " + node.requests(noCachePath),
                linkKept && node.requests(noCachePath) == 0));

        progress(6, names);
        String deletedUrl = node.url("/data/wcmp2-" + run + ".json");
        Wnm deletion = Wnm.from(Wnm.Template.DELETION).dataId(metadata.dataId()).pubtime(nextPubtime())
                .link("deletion", deletedUrl, "application/geo+json");
        int metadataDownloads = node.requests(metadata.path());
        gb1.publish(METADATA_TOPIC, deletion.bytes());
        Optional<JsonNode> deletionRepublished = await(() -> republished(metadata.dataId()).size() >= 2)
                ? Optional.of(republished(metadata.dataId()).get(1)) : Optional.empty();
        boolean deletionLinkKept = deletionRepublished.map(m -> deletedUrl.equals(link(m, "deletion"))).orElse(false);
        outcomes.add(new Outcome("deletion (rel=deletion)", "republished with the original link, not downloaded",
                deletionRepublished.isEmpty() ? "not republished"
                        : (deletionLinkKept ? "original link" : "link changed") + ", downloads "
                        + (node.requests(metadata.path()) - metadataDownloads),
                deletionLinkKept && node.requests(metadata.path()) == metadataDownloads));

        progress(7, names);
        double integrityBefore = metric("wmo_wis2_gc_integrity_failed_total");
        Item corrupt = newData("corrupt-" + run + ".bufr4", "application/bufr", DATA_TOPIC);
        Wnm lying = corrupt.message().integrityOf("something else".getBytes(StandardCharsets.UTF_8));
        gb2.publish(DATA_TOPIC, lying.bytes());
        boolean counted = await(() -> metric("wmo_wis2_gc_integrity_failed_total") > integrityBefore);
        outcomes.add(new Outcome("integrity failure", "not republished, integrity_failed +1",
                republished(corrupt.dataId()).size() + " republished, integrity_failed "
                        + (counted ? "+1" : "unchanged"),
                counted && republished(corrupt.dataId()).isEmpty()));

        progress(8, names);
        double errorsBefore = metric("wmo_wis2_gc_downloaded_errors_total");
        String missingUrl = node.url("/data/missing-" + run + ".bufr4");
        Wnm missing = Wnm.from(Wnm.Template.DATA).dataId(NODE_CENTRE + "/missing/" + run).pubtime(nextPubtime())
                .link("canonical", missingUrl, "application/bufr");
        gb1.publish(DATA_TOPIC, missing.bytes());
        boolean errorCounted = await(() -> metric("wmo_wis2_gc_downloaded_errors_total") > errorsBefore);
        outcomes.add(new Outcome("download failure (404 at the source)", "not republished, downloaded_errors +1",
                republished(missing.dataId()).size() + " republished, downloaded_errors "
                        + (errorCounted ? "+1" : "unchanged"),
                errorCounted && republished(missing.dataId()).isEmpty()));

        progress(9, names);
        backfillAfterLostSessions();

        // checked last: by now a second copy would long have been processed
        int copies = republished(twice.dataId()).size();
        int downloads = node.requests(twice.path());
        outcomes.add(2, new Outcome("same message via two brokers", "republished once, downloaded once",
                "republished " + copies + "x, downloaded " + downloads + "x",
                twiceRepublished.isPresent() && copies == 1 && downloads == 1));
        if (live) {
            out.print("\r" + " ".repeat(80) + "\r");
        }
        return report(dataRepublished.map(m -> link(m, "canonical")).orElse(null));
    }

    /**
     * Both Global Brokers go down and come back without the cache's sessions, as brokers
     * restarted without persistence do; what was published meanwhile reached the cache through
     * neither, but the Global Replay service has it (it heard it from other Global Brokers). The
     * listeners reconnect, find no session, and backfill the gap from the replay service.
     */
    private void backfillAfterLostSessions() throws Exception {
        b1.stop();
        b2.stop();
        // pubtimes on the real clock: the story's clock runs ahead of it, and a gap ends at the cache's "now"
        clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        List<Item> missed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Item item = newData("missed-" + i + "-" + run + ".bufr4", "application/bufr", DATA_TOPIC);
            replay.add(DATA_TOPIC, item.message().bytes());
            missed.add(item);
        }
        b1.restartForgettingSessions();
        b2.restartForgettingSessions();
        boolean all = await(() -> missed.stream().allMatch(m -> !republished(m.dataId()).isEmpty()));
        Thread.sleep(1_000); // time for a second copy, were there one
        long once = missed.stream().filter(m -> republished(m.dataId()).size() == 1 && node.requests(m.path()) == 1)
        .count();
        double enqueued = MetricsText.sum(text(cache.httpBase() + "/metrics"), "gc_backfill_notifications_total",
                "stage", "enqueued");
        outcomes.add(new Outcome("backfill after lost sessions",
                "the 3 missed republished once each, from the replay service",
                once + " of 3 republished once" + (all ? "" : " (some never)") + ", " + replay.requests().size()
                        + " replay requests, " + (long) enqueued + " enqueued",
                all && once == missed.size() && enqueued >= missed.size()));
    }

    /** A new object on the node with its notification (canonical link, integrity declared). */
    private record Item(String dataId, String path, byte[] body, Wnm message) {
    }

    private Item newData(String file, String type, String topic) {
        byte[] body = payload();
        String path = "/data/" + file;
        String url = node.put(path, body, type);
        String dataId = NODE_CENTRE + "/" + (topic.contains("/metadata") ? "metadata/" : "data/core/synop/") + file;
        Wnm m = Wnm.from(Wnm.Template.DATA).dataId(dataId).pubtime(nextPubtime()).link("canonical", url, type)
                .integrityOf(body);
        return new Item(dataId, path, body, m);
    }

    private void check(String step, String expected, Optional<JsonNode> republished, Item item) {
        if (republished.isEmpty()) {
            outcomes.add(new Outcome(step, expected, "not republished within " + STEP_TIMEOUT.toSeconds() + " s",
                    false));
            return;
        }
        JsonNode m = republished.get();
        String href = link(m, "canonical");
        byte[] served = href == null ? null : get(href);
        boolean fromCache = href != null && href.startsWith(cache.publicBaseUrl());
        boolean same = Arrays.equals(served, item.body());
        boolean marked = cache.centreId().equals(m.path("properties").path("global-cache").asString(""));
        String observed = (fromCache ? "cache link" : "link not rewritten") + ", "
                + (same ? "same bytes" : "bytes differ") + ", "
                + (marked ? "global-cache set" : "global-cache missing");
        outcomes.add(new Outcome(step, expected, observed, fromCache && same && marked));
    }

    private Optional<JsonNode> awaitRepublished(String dataId) {
        return await(() -> !republished(dataId).isEmpty()) ? Optional.of(republished(dataId).getFirst())
                : Optional.empty();
    }

    /** The messages seen on the cache's broker for {@code dataId}, in arrival order. */
    private List<JsonNode> republished(String dataId) {
        return everyone.received(r -> r.topic().startsWith("cache/")).stream()
                .map(r -> parse(r.payload()))
                .filter(n -> dataId.equals(n.path("properties").path("data_id").asString("")))
                .toList();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }

    public static String link(JsonNode message, String rel) {
        for (JsonNode l : message.path("links")) {
            if (rel.equals(l.path("rel").asString(""))) {
                return l.path("href").asString("");
            }
        }
        return null;
    }

    private double metric(String name) {
        return MetricsText.sum(text(cache.httpBase() + "/metrics"), name, "centre_id", NODE_CENTRE);
    }

    private String text(String url) {
        byte[] body = get(url);
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    private byte[] get(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private byte[] payload() {
        byte[] b = new byte[2048 + random.nextInt(2048)];
        random.nextBytes(b);
        return b;
    }

    /** Each notification a second later than the one before: pubtimes are compared as instants. */
    private Instant nextPubtime() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    private void progress(int step, String[] names) {
        String line = String.format("[%d/%d] %s ...", step, names.length, names[step - 1]);
        if (live) {
            out.print("\r" + String.format("%-80s", line));
            out.flush();
        } else {
            out.println(line);
        }
    }

    private int report(String cachedUrl) {
        int w1 = outcomes.stream().mapToInt(o -> o.step().length()).max().orElse(4);
        int w2 = outcomes.stream().mapToInt(o -> o.expected().length()).max().orElse(8);
        String format = "%-" + w1 + "s | %-" + w2 + "s | %s%n";
        out.println();
        out.printf(format, "step", "expected", "observed");
        out.println("-".repeat(w1) + "-+-" + "-".repeat(w2) + "-+-" + "-".repeat(40));
        for (Outcome o : outcomes) {
            out.printf(format, o.step(), o.expected(), (o.matched() ? "OK   " : "FAIL ") + o.observed());
        }
        long failed = outcomes.stream().filter(o -> !o.matched()).count();
        out.println();
        if (cachedUrl != null) {
            out.println("a cached object:");
            out.println("  curl -sS -o /dev/null -w '%{http_code} %{size_download} bytes\\n' " + cachedUrl);
        }
        out.println("/metrics (excerpt, " + cache.httpBase() + "/metrics):");
        text(cache.httpBase() + "/metrics").lines()
                .filter(l -> l.startsWith("wmo_wis2_gc_") && l.contains(NODE_CENTRE))
                .limit(12)
                .forEach(l -> out.println("  " + l));
        out.println();
        out.println(failed == 0 ? "demo: all " + outcomes.size() + " outcomes matched"
                : "demo: " + failed + " of " + outcomes.size() + " outcomes did NOT match");
        return failed == 0 ? 0 : 1;
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
