package wis2.gc.local.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import wis2.gc.manager.ManagerConfig;
import wis2.gc.manager.ManagerHandler;
import wis2.gc.manager.ManagerSecrets;
import wis2.gc.model.Notification;
import wis2.gc.model.SqsContract;
import wis2.gc.standins.StandIns;
import wis2.gc.standins.lambda.LocalLambdaContext;

/**
 * {@code ./gc bench --manager}: the manager Lambda's own cost per item. Starts its servers
 * (Redis, S3Proxy, the cache's broker with TLS, a data server) in a second process
 * ({@link BenchServers}), builds {@link ManagerHandler} as the Lambda does, and invokes it with
 * SQS events of ten records, one invocation at a time (one execution environment): first a
 * warm-up, then chunks of 500 items until the JIT has settled (compiling took under 5 % of a
 * chunk's time), then the measured items. Every object is then read back from S3 and checked against
 * its sha512, and every republication must have reached a subscriber of the cache's broker.
 *
 * <p>CPU per item is this process's CPU time (every thread: the handler's virtual threads and
 * their carriers, the Paho and Lettuce threads, the garbage collector and the JIT compilers)
 * minus the threads of the benchmark's own subscriber, over the measured phase; the servers'
 * CPU is printed apart. Init is the time to build the handler and its S3 client.
 */
public final class ManagerBench {
    private static final long SEED = 15;
    private static final String CENTRE = "xx-bench-gc";
    private static final String SUBSCRIBER_ID = "gc-bench-subscriber";
    private static final String TOPIC =
            "origin/a/wis2/xx-bench-node/data/core/weather/surface-based-observations/synop";
    private static final String PUBLIC_BASE_URL = "http://127.0.0.1/data";
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final int SETTLE_CHUNK = 500;

    private ManagerBench() {
    }

    /** The flags; every one has a default. */
    record Options(int count, int warmup, int settleMax, int batch, int minKb, int maxKb, long timeoutMillis, Path dir,
                   Path out) {
        Options {
            if (count < 1 || warmup < 0 || settleMax < 0 || batch < 1 || batch > 10 || minKb < 1 || maxKb < minKb
                    || timeoutMillis < 1) {
                throw new IllegalArgumentException(
                        "counts and sizes must be positive, --batch 1..10, --size-kb A-B with A <= B");
            }
        }

        static Options parse(String... args) {
            BenchFlags flags = BenchFlags.parse(Set.of("--count", "--warmup", "--settle-max", "--batch", "--size-kb",
                    "--timeout-ms", "--out"), args);
            BenchFlags.SizeKb size = flags.sizeKb("--size-kb", new BenchFlags.SizeKb(85, 90));
            return new Options(flags.integer("--count", 3000), flags.integer("--warmup", 2000),
                    flags.integer("--settle-max", 20_000), flags.integer("--batch", 10), size.min(), size.max(),
                    flags.longInteger("--timeout-ms", 60_000),
                    Path.of(System.getenv().getOrDefault("GC_DATA_DIR", ".gc-local"), "bench-manager"),
                    flags.path("--out", null));
        }
    }

    /** What one phase (warm-up or measured) cost. */
    record Phase(String name, int items, int failed, double seconds, double cpuMsPerItem,
                 double javaThreadsCpuMsPerItem,
                 double serversCpuMsPerItem, double batchP50Ms, double batchP99Ms, long jitMs, long gcMs,
                 double firstBatchMs) {
        double itemsPerSecond() {
            return items / Math.max(1e-9, seconds);
        }

        /** Consecutive phases as one (the batch percentiles are the worst of theirs). */
        static Phase sum(String name, List<Phase> parts) {
            int items = parts.stream().mapToInt(Phase::items).sum();
            return new Phase(name, items, parts.stream().mapToInt(Phase::failed).sum(),
                    parts.stream().mapToDouble(Phase::seconds).sum(),
                    parts.stream().mapToDouble(p -> p.cpuMsPerItem() * p.items()).sum() / items,
                    parts.stream().mapToDouble(p -> p.javaThreadsCpuMsPerItem() * p.items()).sum() / items,
                    parts.stream().mapToDouble(p -> p.serversCpuMsPerItem() * p.items()).sum() / items,
                    parts.stream().mapToDouble(Phase::batchP50Ms).max().orElse(Double.NaN),
                    parts.stream().mapToDouble(Phase::batchP99Ms).max().orElse(Double.NaN),
                    parts.stream().mapToLong(Phase::jitMs).sum(), parts.stream().mapToLong(Phase::gcMs).sum(),
                    parts.getFirst().firstBatchMs());
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("gc bench --manager: " + e.getMessage());
            System.err.println("usage: ./gc bench --manager [--count N] [--warmup N] [--settle-max N] [--batch 1..10]"
                    + " [--size-kb A-B]"
                    + " [--timeout-ms T] [--out file]");
            System.exit(2);
            return;
        }
        try {
            boolean ok = run(options, System.out);
            System.exit(ok ? 0 : 1);
        } catch (Exception e) {
            System.err.println("gc bench --manager: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static boolean run(Options o, PrintStream console) throws Exception {
        int total = o.warmup() + o.settleMax() + o.count();
        Files.createDirectories(o.dir());
        console.printf("gc bench --manager: %d warm-up and %d measured items of %d-%d KB in SQS events of %d"
                + " (%d cores)%n",
                o.warmup(), o.count(), o.minKb(), o.maxKb(), o.batch(), Runtime.getRuntime().availableProcessors());
        BenchObjects objects = new BenchObjects(SEED, total, o.minKb() * 1024, o.maxKb() * 1024);
        Process servers = startServers(o, total);
        try {
            Map<String, String> endpoints = endpoints(servers);
            console.println("gc bench --manager: servers up in process " + servers.pid()
                    + "; the manager's outcome log goes to "
                    + o.dir().resolve("manager.log"));
            return measure(o, objects, endpoints, servers, console);
        } finally {
            servers.getOutputStream().close();
            if (!servers.waitFor(20, TimeUnit.SECONDS)) {
                servers.destroy();
            }
        }
    }

    private static boolean measure(Options o, BenchObjects objects, Map<String, String> endpoints, Process servers,
            PrintStream console) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("GC_CENTRE_ID", CENTRE);
        env.put("GC_BUCKET", BenchServers.BUCKET);
        env.put("GC_PUBLIC_BASE_URL", PUBLIC_BASE_URL);
        env.put("GC_REDIS_URL", endpoints.get("redis"));
        env.put("GC_BROKER_URL", endpoints.get("mqtts"));
        env.put("GC_BROKER_CA_FILE", endpoints.get("ca"));
        env.put("GC_BROKER_USER", BenchServers.PUBLISHER);
        env.put("GC_BROKER_PASSWORD", endpoints.get("password"));
        env.put("GC_S3_ENDPOINT", endpoints.get("s3"));
        env.put("GC_ALLOW_PRIVATE_SOURCES", "true");
        env.put("AWS_REGION", StandIns.REGION.id());
        ManagerConfig config = ManagerConfig.fromEnvironment(env);
        Path tmp = Files.createDirectories(o.dir().resolve("tmp"));

        Map<String, byte[]> republished = new ConcurrentHashMap<>();
        MqttClient subscriber = subscriber(endpoints.get("mqtt"), republished);
        PrintStream consoleOut = System.out;
        PrintStream managerLog = new PrintStream(new FileOutputStream(o.dir().resolve("manager.log").toFile()), false,
                StandardCharsets.UTF_8);
        System.setOut(managerLog); // the handler writes its outcome lines to standard output, as in Lambda
        List<Phase> phases = new ArrayList<>();
        double initMs;
        double checkpointMs;
        int handled = 0;
        try {
            long t0 = System.nanoTime();
            S3Client s3 = ManagerHandler.s3Client(config, Region.of(env.get("AWS_REGION")), StandIns.awsCredentials());
            ManagerHandler handler = new ManagerHandler(config, s3, ManagerSecrets.fromConfig(config), tmp);
            initMs = (System.nanoTime() - t0) / 1e6;
            // as SnapStart: the snapshot is taken after init and restored before the first invocation
            long c0 = System.nanoTime();
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
            checkpointMs = (System.nanoTime() - c0) / 1e6;
            consoleOut.printf("init (handler and S3 client built) %.0f ms;"
                    + " beforeCheckpoint (priming) + afterRestore %.0f ms%n",
                    initMs, checkpointMs);
            String run = Long.toString(System.currentTimeMillis(), 36);
            try (handler; s3) {
                int done = 0;
                if (o.warmup() > 0) {
                    phases.add(phase("warm-up", 0, o.warmup(), o, objects, endpoints.get("data"), run, handler, servers,
                            consoleOut));
                    done = o.warmup();
                }
                // then until the JIT has settled: a chunk in which compiling took under 5 % of the time
                List<Phase> settling = new ArrayList<>();
                while (done + SETTLE_CHUNK <= o.warmup() + o.settleMax()) {
                    Phase chunk = phase("settling", done, SETTLE_CHUNK, o, objects, endpoints.get("data"), run, handler,
                            servers, consoleOut);
                    settling.add(chunk);
                    done += SETTLE_CHUNK;
                    if (chunk.jitMs() <= 0.05 * chunk.seconds() * 1000) {
                        break;
                    }
                }
                if (!settling.isEmpty()) {
                    phases.add(Phase.sum("settling", settling));
                }
                phases.add(phase("measured", done, o.count(), o, objects, endpoints.get("data"), run, handler, servers,
                        consoleOut));
                handled = done + o.count();
            }
        } finally {
            System.setOut(consoleOut);
            managerLog.close();
        }
        int total = handled;
        int arrived = awaitRepublications(republished, total);
        subscriber.disconnect();
        subscriber.close();
        int verified = verifyStored(endpoints.get("s3"), objects, republished);
        for (Phase p : phases) {
            console.printf(Locale.ROOT,
                    "%-9s %5d items, %d failed, %6.1f items/s, batch p50 %.1f ms p99 %.1f ms, manager CPU"
                            + " %.2f ms/item (Java threads %.2f; JIT %d ms, GC %d ms in the phase;"
                            + " servers %.2f ms/item)%n",
                    p.name(), p.items(), p.failed(), p.itemsPerSecond(), p.batchP50Ms(), p.batchP99Ms(),
                    p.cpuMsPerItem(),
                    p.javaThreadsCpuMsPerItem(), p.jitMs(), p.gcMs(), p.serversCpuMsPerItem());
            console.printf(Locale.ROOT, "%-9s first batch %.0f ms%n", "", p.firstBatchMs());
        }
        console.printf("republications received %d of %d; objects in S3 with the right bytes %d of %d%n", arrived,
                total, verified, total);
        boolean ok = arrived == total && verified == total && phases.stream().allMatch(p -> p.failed() == 0);
        if (o.out() != null) {
            Files.writeString(o.out(), json(o, initMs, checkpointMs, phases, arrived, verified, total));
            console.println("written to " + o.out());
        }
        console.println(ok ? "gc bench --manager: every item stored and republished"
                : "gc bench --manager: ITEMS MISSING");
        return ok;
    }

    private static Phase phase(String name, int first, int count, Options o, BenchObjects objects, String dataUrl,
            String run,             ManagerHandler handler, Process servers, PrintStream console) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // the events (and the sha512 of each object they declare) are the benchmark's work, not the manager's
        List<SQSEvent> events = new ArrayList<>();
        for (int i = first; i < first + count; i += o.batch()) {
            events.add(event(i, Math.min(o.batch(), first + count - i), objects, dataUrl, run));
        }
        List<Double> batchMillis = new ArrayList<>();
        int failed = 0;
        long cpu0 = processCpuNanos() - subscriberCpuNanos(threads);
        long java0 = javaThreadsCpuNanos(threads);
        long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long gc0 = gcMillis();
        long servers0 = servers.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        long start = System.nanoTime();
        for (int b = 0; b < events.size(); b++) {
            SQSEvent event = events.get(b);
            int i = first + b * o.batch();
            var context = LocalLambdaContext.countingDown("gc-manager", Duration.ofMillis(o.timeoutMillis()));
            long t = System.nanoTime();
            SQSBatchResponse response = handler.handleRequest(event, context);
            batchMillis.add((System.nanoTime() - t) / 1e6);
            failed += response.getBatchItemFailures().size();
            if ((i - first) % 200 == 0) {
                console.print("\r" + name + " " + (i - first) + "/" + count);
                console.flush();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - subscriberCpuNanos(threads) - cpu0;
        long java = javaThreadsCpuNanos(threads) - java0;
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
        long gc = gcMillis() - gc0;
        long serversCpu = servers.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) - servers0;
        console.print("\r");
        double[] sorted = batchMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Phase(name, count, failed, seconds, cpu / 1e6 / count, java / 1e6 / count, serversCpu / 1e6 / count,
                percentile(sorted, 50), percentile(sorted, 99), jit, gc, batchMillis.getFirst());
    }

    /** The collectors' accumulated collection time (pauses and, for G1, its concurrent cycles). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    /** One SQS FIFO event as Lambda's event source mapping hands it over: one message group per data_id. */
    static SQSEvent event(int first, int size, BenchObjects objects, String dataUrl, String run) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(size);
        for (int i = first; i < first + size; i++) {
            String dataId = dataId(run, i);
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(UUID.nameUUIDFromBytes((run + "-" + i).getBytes(StandardCharsets.UTF_8)).toString());
            m.setReceiptHandle("bench-" + run + "-" + i);
            m.setBody(notification(dataId, dataUrl + BenchObjects.path(i), objects.bytes(i)));
            m.setMd5OfBody("");
            m.setEventSource("aws:sqs");
            m.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:gc-work.fifo");
            m.setAwsRegion("us-east-1");
            m.setAttributes(Map.of("MessageGroupId", dataId, "ApproximateReceiveCount", "1",
                    "SentTimestamp", Long.toString(System.currentTimeMillis()),
                    "MessageDeduplicationId", "bench-" + run + "-" + i));
            SQSEvent.MessageAttribute topic = new SQSEvent.MessageAttribute();
            topic.setDataType("String");
            topic.setStringValue(TOPIC);
            m.setMessageAttributes(Map.of(SqsContract.ATTR_TOPIC, topic));
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    static String dataId(String run, int i) {
        return "xx-bench-node/data/core/synop/" + run + "/obs-" + i + ".bufr4";
    }

    /** A WIS2 notification of the shape the WMO examples have, with the object's sha512 and length. */
    static String notification(String dataId, String url, byte[] body) {
        Instant now = Instant.now();
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"conformsTo\":[\"http://wis.wmo.int/spec/wnm/1/conf/core\"],"
                + "\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.146255,46.223296]},"
                + "\"properties\":{\"pubtime\":\"" + now + "\",\"datetime\":\"" + now + "\","
                + "\"integrity\":{\"method\":\"sha512\",\"value\":\"" + sha512(body) + "\"},"
                + "\"data_id\":\"" + dataId + "\",\"metadata_id\":\"urn:wmo:md:xx-bench-node:synop\"},"
                + "\"links\":[{\"href\":\"" + url + "\",\"rel\":\"canonical\",\"type\":\"application/bufr\",\"length\":"
                + body.length + "}]}";
    }

    private static String sha512(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-512", e);
        }
    }

    private static Process startServers(Options o, int total) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                BenchServers.class.getName(), Long.toString(SEED), Integer.toString(total),
                Integer.toString(o.minKb() * 1024), Integer.toString(o.maxKb() * 1024),
                o.dir().resolve("servers").toString()));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add(1, "-Dlogback.configurationFile=" + logback);
        }
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(o.dir().resolve("servers.log").toFile()))
                .start();
    }

    /** Waits for the servers' ready line and reads the endpoints from it; then keeps draining their output. */
    private static Map<String, String> endpoints(Process servers) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(servers.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith(BenchServers.READY + " ")) {
                Map<String, String> endpoints = new HashMap<>();
                for (String pair : line.substring(BenchServers.READY.length() + 1).split(" ")) {
                    int eq = pair.indexOf('=');
                    endpoints.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                Thread.ofPlatform().daemon().name("gc-bench-servers-output").start(() -> drain(lines));
                return endpoints;
            }
        }
        int exit = servers.onExit().join().exitValue();
        throw new IOException("the benchmark's servers ended before they were ready (exit " + exit
                + "); see servers.log");
    }

    private static void drain(BufferedReader lines) {
        try {
            while (lines.readLine() != null) {
                continue;
            }
        } catch (IOException e) {
            // the servers are gone
        }
    }

    private static MqttClient subscriber(String url, Map<String, byte[]> republished) throws Exception {
        MqttClient client = new MqttClient(url, SUBSCRIBER_ID, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(BenchServers.SUBSCRIBER);
        options.setPassword(BenchServers.SUBSCRIBER.toCharArray());
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        client.connect(options);
        client.subscribe("cache/#", 1, (topic, message) -> {
            Notification n = Notification.parse(message.getPayload());
            republished.putIfAbsent(n.dataId(), message.getPayload());
        });
        return client;
    }

    private static int awaitRepublications(Map<String, byte[]> republished, int total) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (republished.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return republished.size();
    }

    /** Reads every object the republications announce back from S3 and compares its bytes with the source's. */
    private static int verifyStored(String endpoint, BenchObjects objects, Map<String, byte[]> republished) {
        int verified = 0;
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(StandIns.REGION)
                .forcePathStyle(true)
                .credentialsProvider(StandIns.awsCredentials()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build()) {
            for (byte[] payload : republished.values()) {
                Notification n = Notification.parse(payload);
                String id = n.dataId();
                int i = Integer.parseInt(id.substring(id.lastIndexOf("/obs-") + 5, id.length() - ".bufr4".length()));
                String href = n.sourceLink().orElseThrow().href();
                String key = href.substring(PUBLIC_BASE_URL.length() + 1);
                byte[] stored = s3.getObjectAsBytes(b -> b.bucket(BenchServers.BUCKET).key(key)).asByteArray();
                if (java.util.Arrays.equals(stored, objects.bytes(i))) {
                    verified++;
                }
            }
        }
        return verified;
    }

    /** This process's CPU time: every thread, the collector's and the compilers' included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The CPU time of the benchmark's subscriber (Paho names its threads after the client id). */
    private static long subscriberCpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains(SUBSCRIBER_ID)) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** The CPU time of the live Java threads but the subscriber's (the rest: GC, JIT, threads that ended). */
    private static long javaThreadsCpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && !t.getThreadName().contains(SUBSCRIBER_ID)) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String json(Options o, double initMs, double checkpointMs, List<Phase> phases, int arrived,
            int verified, int total) {
        StringBuilder b = new StringBuilder("{\n");
        b.append(String.format(Locale.ROOT, "  \"started\": \"%s\",%n  \"cores\": %d,%n  \"sizeKb\": \"%d-%d\",%n"
                + "  \"batch\": %d,%n  \"initMs\": %.1f,%n  \"checkpointMs\": %.1f,%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), o.minKb(), o.maxKb(), o.batch(), initMs, checkpointMs));
        for (Phase p : phases) {
            b.append(String.format(Locale.ROOT,
                    "  \"%s\": {\"items\": %d, \"failed\": %d, \"seconds\": %.3f, \"itemsPerSecond\":"
                            + " %.1f, \"cpuMsPerItem\": %.3f, \"javaThreadsCpuMsPerItem\": %.3f,"
                            + " \"serversCpuMsPerItem\": %.3f, \"batchP50Ms\": %.1f,"
                            + " \"batchP99Ms\": %.1f, \"jitMs\": %d, \"gcMs\": %d, \"firstBatchMs\": %.1f},%n",
                    p.name(), p.items(), p.failed(), p.seconds(), p.itemsPerSecond(),
                    p.cpuMsPerItem(), p.javaThreadsCpuMsPerItem(), p.serversCpuMsPerItem(), p.batchP50Ms(),
                    p.batchP99Ms(),
                    p.jitMs(), p.gcMs(), p.firstBatchMs()));
        }
        b.append(String.format("  \"republished\": %d,%n  \"verifiedInS3\": %d,%n  \"total\": %d%n}%n", arrived,
                verified, total));
        return b.toString();
    }
}
