package wis2.gc.local.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.local.ConsoleLog;
import wis2.gc.local.LocalCache;
import wis2.gc.local.LocalConfig;
import wis2.gc.local.MqttPeer;
import wis2.gc.local.WisNode;
import wis2.gc.local.demo.DemoMain;
import wis2.gc.testing.Wnm;

/**
 * {@code ./gc bench}: the official performance test on this machine. Publishes N unique
 * notifications of 85-90 KB objects through a Global Broker as fast as it can and measures each
 * one from its publication to the cache's republication; then downloads one 2 MB cached object
 * with many clients at once. A warm-up burst goes first, measured and reported apart: it is the
 * first work of a cold JVM, whose JIT compiles the whole pipeline while it runs.
 */
public final class BenchMain {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final String TOPIC =
            "origin/a/wis2/xx-bench-node/data/core/weather/surface-based-observations/synop";

    /** The flags; every one has the default of the official test. */
    record Options(int count, int warmup, int minKb, int maxKb, int downloads, int downloadMb, Path out) {
        Options {
            if (count < 1 || warmup < 0 || minKb < 1 || maxKb < minKb || downloads < 1 || downloadMb < 1) {
                throw new IllegalArgumentException("counts and sizes must be positive, --warmup may be 0"
                        + " (and --size-kb A-B with A <= B)");
            }
        }

        static Options parse(String... args) {
            BenchFlags flags = BenchFlags.parse(
                    Set.of("--count", "--warmup", "--size-kb", "--downloads", "--download-mb", "--out"), args);
            BenchFlags.SizeKb size = flags.sizeKb("--size-kb", new BenchFlags.SizeKb(85, 90));
            return new Options(flags.integer("--count", 2000), flags.integer("--warmup", 2000), size.min(),
                    size.max(), flags.integer("--downloads", 1000), flags.integer("--download-mb", 2),
                    flags.path("--out", null));
        }
    }

    /** Latency figures in milliseconds. */
    record Latency(double p50, double p95, double p99, double max) {
        static Latency of(List<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Latency(percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
        }

        static double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("gc bench: " + e.getMessage());
            System.err.println("usage: ./gc bench [--count N] [--warmup N] [--size-kb A-B] [--downloads N]"
                    + " [--download-mb M] [--out file.json]");
            System.exit(2);
            return;
        }
        PrintStream terminal = System.err; // the log takes System.err over below
        try {
            LocalConfig config = LocalConfig.fromEnvironment(System.getenv());
            Path log = config.dataDir().resolve("bench.log");
            PrintStream console = ConsoleLog.redirect(log);
            console.println("gc bench: the programs' logs go to " + log);
            run(config, options, console);
            System.exit(0);
        } catch (Exception e) {
            terminal.println("gc bench: failed: " + e);
            e.printStackTrace(); // into the log, once it has taken System.err over
            System.exit(1);
        }
    }

    static ObjectNode run(LocalConfig base, Options o, PrintStream out) throws Exception {
        Path dir = base.dataDir().resolve("bench");
        DemoMain.deleteRecursively(dir);
        LocalConfig config = base.toBuilder().globalBrokers(List.of()).freePorts()
                .publicBaseUrl(java.util.Optional.empty()).dataDir(dir).allowPrivateSources(true)
                .globalReplayUrl(java.util.Optional.empty()).build();
        out.printf("gc bench: %d notifications of %d-%d KB after a warm-up of %d, then %d concurrent downloads of %d MB"
                + " (%d cores)%n", o.count(), o.minKb(), o.maxKb(), o.warmup(), o.downloads(), o.downloadMb(),
                Runtime.getRuntime().availableProcessors());
        try (WisNode node = WisNode.start(); LocalCache cache = LocalCache.start(config)) {
            String gb = cache.globalBrokers().getFirst().url().toString().replace("mqtt://", "tcp://");
            try (MqttPeer publisher = MqttPeer.connect(gb, null, null);
                 MqttPeer everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone")) {
                everyone.subscribe("cache/#");
                ObjectNode result = JSON.createObjectNode();
                result.put("started", Instant.now().toString());
                result.put("cores", Runtime.getRuntime().availableProcessors());
                if (o.warmup() > 0) {
                    result.set("warmup", throughput("warm-up", o.warmup(), o, node, publisher, everyone, out));
                }
                result.set("notifications", throughput("measured", o.count(), o, node, publisher, everyone, out));
                downloads(o, node, publisher, everyone, cache, result, out);
                print(result, out);
                if (o.out() != null) {
                    Files.writeString(o.out(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
                    out.println("written to " + o.out());
                }
                return result;
            }
        }
    }

    /** Publishes {@code count} new notifications at once and measures each until its republication. */
    private static ObjectNode throughput(String phase, int count, Options o, WisNode node, MqttPeer publisher,
            MqttPeer everyone, PrintStream out) throws Exception {
        Random random = new Random(1);
        byte[] pool = new byte[(o.maxKb() + 1) * 1024 + count];
        random.nextBytes(pool);
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<byte[]> notifications = new ArrayList<>(count);
        List<String> dataIds = new ArrayList<>(count);
        Instant pubtime = Instant.now();
        for (int i = 0; i < count; i++) {
            int size = (o.minKb() + random.nextInt(o.maxKb() - o.minKb() + 1)) * 1024;
            // distinct objects without holding N copies of random data: a different window of one pool
            byte[] body = Arrays.copyOfRange(pool, i, i + size);
            String file = "obs-" + run + "-" + i + ".bufr4";
            String url = node.put("/data/" + file, body, "application/bufr");
            String dataId = "xx-bench-node/data/core/synop/" + file;
            dataIds.add(dataId);
            notifications.add(Wnm.from(Wnm.Template.DATA).dataId(dataId).pubtime(pubtime)
                    .link("canonical", url, "application/bufr").integrityOf(body).bytes());
        }
        Map<String, Long> published = new ConcurrentHashMap<>();
        Map<String, Long> republished = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(count);
        everyone.onMessage(r -> {
            String dataId = dataId(r.payload());
            if (dataId != null && published.containsKey(dataId)
                    && republished.putIfAbsent(dataId, r.nanoTime()) == null) {
                all.countDown();
            }
        });
        long start = System.nanoTime();
        List<org.eclipse.paho.client.mqttv3.IMqttToken> acks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Paho refuses a publication beyond its window, and counts an acknowledged one out of it
            // only after its token completes: half the window leaves room for that lag
            if (i >= MqttPeer.MAX_IN_FLIGHT / 2) {
                acks.get(i - MqttPeer.MAX_IN_FLIGHT / 2).waitForCompletion(60_000);
            }
            published.put(dataIds.get(i), System.nanoTime());
            acks.add(publisher.publishAsync(TOPIC, notifications.get(i)));
            if (i % 100 == 0) {
                progress(out, "%s: published %d/%d, republished %d", phase, i, count, republished.size());
            }
        }
        for (var ack : acks) {
            ack.waitForCompletion(60_000);
        }
        long publishedAt = System.nanoTime();
        // waits for every item, but gives up after 30 s without a single new republication
        long lastProgress = System.nanoTime();
        int seen = -1;
        while (all.getCount() > 0 && System.nanoTime() - lastProgress < STALL.toNanos()) {
            all.await(500, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (republished.size() != seen) {
                seen = republished.size();
                lastProgress = System.nanoTime();
            }
            progress(out, "%s: published %d/%d, republished %d/%d", phase, count, count, republished.size(), count);
        }
        out.println();
        List<Double> latencies = new ArrayList<>();
        long last = start;
        for (var e : republished.entrySet()) {
            latencies.add((e.getValue() - published.get(e.getKey())) / 1e6);
            last = Math.max(last, e.getValue());
        }
        Latency l = Latency.of(latencies);
        long within60s = latencies.stream().filter(ms -> ms <= 60_000).count();
        ObjectNode t = JSON.createObjectNode();
        t.put("count", count);
        t.put("sizeKb", o.minKb() + "-" + o.maxKb());
        t.put("republished", republished.size());
        t.put("within60s", within60s);
        t.put("publishSeconds", (publishedAt - start) / 1e9);
        t.put("totalSeconds", (last - start) / 1e9);
        t.put("itemsPerSecond", republished.size() / Math.max(1e-9, (last - start) / 1e9));
        t.put("latencyP50Ms", l.p50());
        t.put("latencyP95Ms", l.p95());
        t.put("latencyP99Ms", l.p99());
        t.put("latencyMaxMs", l.max());
        return t;
    }

    private static void downloads(Options o, WisNode node, MqttPeer publisher, MqttPeer everyone, LocalCache cache,
            ObjectNode result, PrintStream out) throws Exception {
        byte[] big = new byte[o.downloadMb() * 1024 * 1024];
        new Random(2).nextBytes(big);
        String file = "big-" + System.nanoTime() + ".grib2";
        String dataId = "xx-bench-node/data/core/nwp/" + file;
        Wnm m = Wnm.from(Wnm.Template.DATA).dataId(dataId).pubtime(Instant.now())
                .link("canonical", node.put("/data/" + file, big, "application/grib"), "application/grib")
                .integrityOf(big);
        CountDownLatch cached = new CountDownLatch(1);
        String[] href = new String[1];
        everyone.onMessage(r -> {
            if (dataId.equals(dataId(r.payload()))) {
                try {
                    href[0] = DemoMain.link(JSON.readTree(r.payload()), "canonical");
                } catch (JacksonException e) {
                    href[0] = null;
                }
                cached.countDown();
            }
        });
        publisher.publish(TOPIC, m.bytes());
        if (!cached.await(60, java.util.concurrent.TimeUnit.SECONDS) || href[0] == null) {
            throw new IllegalStateException("the " + o.downloadMb() + " MB object was not cached within 60 s");
        }
        progress(out, "cached %s; %d concurrent downloads ...", href[0], o.downloads());
        URI uri = URI.create(href[0]);
        List<Double> millis = new ArrayList<>();
        int ok = 0;
        long start = System.nanoTime();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Double>> futures = new ArrayList<>();
            for (int i = 0; i < o.downloads(); i++) {
                futures.add(executor.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    // bytes counted, not kept: a thousand copies of the object would only measure the heap
                    java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                            .build(),
                            HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk ->
                            chunk.ifPresent(b -> bytes.addAndGet(b.length))));
                    double ms = (System.nanoTime() - t0) / 1e6;
                    return r.statusCode() == 200 && bytes.get() == big.length ? ms : -ms;
                }));
            }
            go.countDown();
            for (Future<Double> f : futures) {
                try {
                    double ms = f.get();
                    if (ms >= 0) {
                        ok++;
                    }
                    millis.add(Math.abs(ms));
                } catch (java.util.concurrent.ExecutionException e) {
                    // a refused or broken download counts as a failure
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println();
        Latency l = Latency.of(millis);
        ObjectNode d = result.putObject("downloads");
        d.put("concurrent", o.downloads());
        d.put("objectBytes", big.length);
        d.put("succeeded", ok);
        d.put("successRate", (double) ok / o.downloads());
        d.put("totalSeconds", seconds);
        d.put("megabytesPerSecond", ok * (double) big.length / 1e6 / seconds);
        d.put("latencyP50Ms", l.p50());
        d.put("latencyP99Ms", l.p99());
        d.put("latencyMaxMs", l.max());
    }

    private static String dataId(byte[] payload) {
        try {
            return JSON.readTree(payload).path("properties").path("data_id").asString(null);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void progress(PrintStream out, String format, Object... args) {
        out.print("\r" + String.format("%-100s", String.format(format, args)));
        out.flush();
    }

    private static void print(ObjectNode r, PrintStream out) {
        var t = r.path("notifications");
        var d = r.path("downloads");
        out.println();
        var w = r.path("warmup");
        if (!w.isMissingNode()) {
            out.printf("%-44s %d of %d republished (%d within 60 s), %.1f items/s, p99 %.0f ms%n",
                    "warm-up (the first burst after the start)", w.path("republished").asInt(),
                    w.path("count").asInt(), w.path("within60s").asInt(), w.path("itemsPerSecond").asDouble(),
                    w.path("latencyP99Ms").asDouble());
        }
        out.printf("%-44s %s%n", "notifications published",
                t.path("count").asInt() + " (" + t.path("sizeKb").asString() + " KB)");
        out.printf("%-44s %d (%d within 60 s)%n", "republished by the cache", t.path("republished").asInt(),
                t.path("within60s").asInt());
        out.printf("%-44s %.1f s (publishing took %.1f s)%n", "total, first publication to last republication",
                t.path("totalSeconds").asDouble(), t.path("publishSeconds").asDouble());
        out.printf("%-44s %.1f%n", "items/s", t.path("itemsPerSecond").asDouble());
        out.printf("%-44s p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n", "latency publication -> republication",
                t.path("latencyP50Ms").asDouble(), t.path("latencyP95Ms").asDouble(), t.path("latencyP99Ms").asDouble(),
                t.path("latencyMaxMs").asDouble());
        out.printf("%-44s %d of %d (%.2f %%) in %.1f s, %.0f MB/s%n", "concurrent downloads of " + d.path("objectBytes")
                .asInt()
                + " bytes", d.path("succeeded").asInt(), d.path("concurrent").asInt(), 100 * d.path("successRate")
                .asDouble(),
                d.path("totalSeconds").asDouble(), d.path("megabytesPerSecond").asDouble());
        out.printf("%-44s p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", "download latency", d.path("latencyP50Ms")
                .asDouble(),
                d.path("latencyP99Ms").asDouble(), d.path("latencyMaxMs").asDouble());
    }
}
