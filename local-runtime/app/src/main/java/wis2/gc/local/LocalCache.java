package wis2.gc.local;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import wis2.gc.config.ConfigException;
import wis2.gc.listener.FeedObserver;
import wis2.gc.listener.Listener;
import wis2.gc.listener.ListenerConfig;
import wis2.gc.manager.ManagerConfig;
import wis2.gc.manager.ManagerHandler;
import wis2.gc.manager.ManagerSecrets;
import wis2.gc.metrics.MetricsConfig;
import wis2.gc.replay.Backfill;
import wis2.gc.replay.ReplayCommand;
import wis2.gc.replay.ReplayConfig;
import wis2.gc.metrics.MetricsEndpoint;
import wis2.gc.standins.AclFile;
import wis2.gc.standins.BrokerOptions;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.standins.EmbeddedRedis;
import wis2.gc.standins.EmbeddedS3;
import wis2.gc.standins.EmbeddedSqs;
import wis2.gc.standins.StandIns;
import wis2.gc.standins.lambda.EventSourcePoller;

/**
 * The whole Global Cache in this JVM: the real listener, manager and metrics programs wired to
 * stand-ins that speak the real protocols. {@link #start} returns
 * once every component answers; {@link #close} stops them in reverse order.
 *
 * <p>State in {@code GC_DATA_DIR}: the cached objects ({@code s3/}), the broker's sessions
 * ({@code broker/}) and the dedup memory ({@code redis/dump.rdb}). Redis never saves on its own
 * ({@code save ""}, as in production where a lost node only costs some re-downloads); a clean
 * stop writes one snapshot, which the next start in the same folder loads. Messages still
 * queued in SQS at a stop are lost; what the listeners had not yet acknowledged, the Global
 * Brokers redeliver to their persistent sessions.
 */
public final class LocalCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCache.class);
    static final String BUCKET = "gc-cache";
    static final String QUEUE = "gc-notifications.fifo";
    static final String DLQ = "gc-notifications-dlq.fifo";
    /** Receives before a message moves to the DLQ, as in the AWS deployment (queue.maxReceiveCount). */
    static final int MAX_RECEIVE_COUNT = 5;
    /** The queue's visibility timeout is this many manager timeouts, as the CDK app sets it. */
    static final int VISIBILITY_TIMEOUTS_PER_INVOCATION = 6;
    static final String PUBLISHER = "gc-publisher";
    static final String SUBSCRIBER = "everyone";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int GLOBAL_BROKER_MAX_QUEUED = 100_000;
    private static final String CA_FILE = "mqtts-ca.pem";

    private final LocalConfig config;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Health health = new Health();
    private EmbeddedRedis redis;
    private URI redisUri;
    private StatefulRedisConnection<String, String> redisConnection;
    private LocalHttpServer http;
    private EmbeddedBroker broker;
    private Path caFile;
    private final List<LocalConfig.GlobalBroker> globalBrokers = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final List<Backfill> backfills = new ArrayList<>();
    private String publicBaseUrl;
    private SqsClient sqs;
    private String queueUrl;
    private EventSourcePoller poller;

    private LocalCache(LocalConfig config) {
        this.config = config;
    }

    /**
     * Starts every component and waits until all are up.
     *
     * @throws ConfigException naming the variable when a configured port is taken or a value
     *     only the programs themselves check is wrong
     */
    public static LocalCache start(LocalConfig config) {
        LocalCache cache = new LocalCache(config);
        try {
            cache.startAll();
            return cache;
        } catch (RuntimeException | Error e) {
            cache.close();
            throw e;
        }
    }

    private void startAll() {
        requireFree("GC_HTTP_PORT", config.httpPort());
        requireFree("GC_MQTT_PORT", config.mqttPort());
        requireFree("GC_MQTTS_PORT", config.mqttsPort());
        if (config.globalBrokers().isEmpty()) {
            requireFree("GC_GB_PORT", config.gbPort());
        }
        Path dataDir = directory(config.dataDir());

        startRedis(dataDir.resolve("redis"));

        EmbeddedSqs sqsServer = own(EmbeddedSqs.start());
        Duration visibility = config.managerTimeout().multipliedBy(VISIBILITY_TIMEOUTS_PER_INVOCATION);
        queueUrl = sqsServer.createFifoQueue(QUEUE, DLQ, MAX_RECEIVE_COUNT, visibility);
        sqs = own(LocalAws.sqs(sqsServer.endpoint()));
        health.add("sqs", () -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).hasAttributes());

        EmbeddedS3 s3Server = own(EmbeddedS3.start(directory(dataDir.resolve("s3"))));
        s3Server.createBucket(BUCKET);
        S3Client s3 = own(LocalAws.s3(s3Server.endpoint()));
        health.add("s3", () -> s3.headBucket(r -> r.bucket(BUCKET)).sdkHttpResponse().isSuccessful());

        String publisherPassword = randomPassword();
        // the users and ACL of the production broker: the shipped emqx-config/acl.conf decides;
        // its emqx.conf sets how much a session may queue; sessions live in memory, as EMQX keeps
        // them in AWS
        Path aclFile = AclFile.locateInRepository();
        broker = own(EmbeddedBroker.start(BrokerOptions.secured(
                        Map.of(PUBLISHER, publisherPassword, SUBSCRIBER, SUBSCRIBER),
                        AclFile.load(aclFile))
                .withPort(config.mqttPort())
                .withTlsPort(config.mqttsPort())
                .withSessionsInMemory()
                .withMaxQueuedMessages(EmqxQueueLimit.read(aclFile.resolveSibling("emqx.conf")))));
        health.add("broker", broker::isRunning);
        // the certificate is made anew at each start; its CA goes where clients can keep pointing
        caFile = copy(broker.caFile(), dataDir.resolve(CA_FILE));

        if (config.globalBrokers().isEmpty()) {
            EmbeddedBroker gb = own(globalBroker(config.gbPort()));
            globalBrokers.add(LocalConfig.GlobalBroker.embedded("gb", gb));
            health.add("global-broker", gb::isRunning);
        } else {
            globalBrokers.addAll(config.globalBrokers());
        }

        MetricsEndpoint metrics = own(MetricsEndpoint.connect(
                MetricsConfig.builder().redisUrl(redisUri.toString()).build(), Optional.empty()));
        try {
            http = own(LocalHttpServer.start(new InetSocketAddress(StandIns.HOST, config.httpPort()), s3, BUCKET,
                    (path, accept) -> {
                        // the server answers HEAD as this GET without the body
                        MetricsEndpoint.Response r = metrics.handle("GET", path, accept);
                        return new HttpAnswer(r.status(), r.contentType(), r.body().getBytes(StandardCharsets.UTF_8));
                    }, health));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HTTP server on GC_HTTP_PORT=" + config.httpPort(), e);
        }
        publicBaseUrl = config.publicBaseUrl().orElse("http://127.0.0.1:" + http.port() + "/data");

        // a GC_TMP_CAPACITY_BYTES below the object ceiling stops the start with a message naming it
        ManagerConfig.Builder managerBuilder = ManagerConfig.builder()
                .centreId(config.centreId())
                .bucket(BUCKET)
                .publicBaseUrl(publicBaseUrl)
                .redisUrl(redisUri)
                .brokerUrl(broker.serverUri())
                .brokerUser(PUBLISHER)
                .brokerPassword(Optional.of(publisherPassword))
                .allowPrivateSources(config.allowPrivateSources())
                .addIntegrity(config.addIntegrity())
                .s3Endpoint(Optional.of(s3Server.endpoint()));
        config.maxObjectBytes().ifPresent(managerBuilder::maxObjectBytes);
        config.tmpCapacityBytes().ifPresent(managerBuilder::tmpCapacityBytes);
        ManagerConfig managerConfig = managerBuilder.build();
        // the manager's own S3 client, configured as the Lambda's is for this endpoint
        S3Client managerS3 = own(ManagerHandler.s3Client(managerConfig, LocalAws.REGION, StandIns.awsCredentials()));
        ManagerHandler manager = own(
                new ManagerHandler(managerConfig, managerS3, ManagerSecrets.fromConfig(managerConfig),
                directory(dataDir.resolve("tmp"))));
        // as SnapStart does with a published version: snapshot after init, restore before the
        // first invocation, so the CRaC callbacks run here on every start
        manager.beforeCheckpoint(null);
        manager.afterRestore(null);
        poller = own(EventSourcePoller.start(sqs, queueUrl, "gc-manager", manager,
                new EventSourcePoller.Settings(8, 10, visibility, Duration.ofSeconds(1), config.managerTimeout()),
                Clock.systemUTC()));
        health.add("manager", poller::isRunning);

        if (config.globalReplayUrl().isEmpty()) {
            LOG.info("GC_GLOBAL_REPLAY_URL is not set: no backfill after gaps in the feeds");
        }
        for (LocalConfig.GlobalBroker gb : globalBrokers) {
            ListenerConfig listenerConfig = ListenerConfig.builder()
                    .centreId(config.centreId())
                    .brokerName(gb.name())
                    // the URL as GC_GLOBAL_BROKERS gave it: a problem with it names that variable
                    .broker(ListenerConfig.BrokerAddress.parse("GC_GLOBAL_BROKERS", gb.url().toString()))
                    .queueUrl(URI.create(queueUrl))
                    .sqsEndpoint(Optional.of(sqsServer.endpoint()))
                    .region(LocalAws.REGION.id())
                    .httpPort(0)
                    // ElasticMQ shares these cores and spends CPU per call: two senders fill batches of ten
                    // and drain fastest here (listener benchmark: 721 msg/s, against 627 with AWS's 8)
                    .senders(2)
                    // the queue's own limit, as the AWS app hands the work queue's over
                    .maxMessageBytes(EmbeddedSqs.MAX_MESSAGE_BYTES)
                    // what is larger is reported on the cache's broker, as the publisher (password handed
                    // over in memory)
                    .monitorBroker(Optional.of(new ListenerConfig.BrokerAddress("tcp://127.0.0.1:" + broker.port(),
                            Optional.of(PUBLISHER), Optional.of(publisherPassword))))
                    .emfInterval(Duration.ZERO) // CloudWatch metrics lines would only clutter the console here
                    .build();
            FeedObserver observer = FeedObserver.NONE;
            if (config.globalReplayUrl().isPresent()) {
                ReplayConfig replayConfig = ReplayConfig.builder()
                        .url(config.globalReplayUrl().get())
                        .redisUrl(redisUri)
                        // on one machine nothing is far: a reconnected feed's first message comes within a
                        // second or two
                        .settle(Duration.ofSeconds(2))
                        .build();
                Backfill backfill = own(Backfill.start(replayConfig, listenerConfig, sqs));
                backfills.add(backfill);
                observer = backfill;
            }
            Listener listener = own(Listener.start(listenerConfig, sqs, observer)); // closed before its backfill
            listeners.add(listener);
            health.add("listener-" + gb.name(), listener::isConnected);
        }

        http.route("/replay", "POST", this::replayByHand);
        awaitHealthy();
    }

    /**
     * {@code POST /replay?from=T1&to=T2} ({@code ./gc replay}): the listeners' backfill fetches
     * that interval now, once per distinct set of subscriptions, and answers what it enqueued.
     */
    private HttpAnswer replayByHand(String method, String query) {
        if (backfills.isEmpty()) {
            return text(409, "GC_GLOBAL_REPLAY_URL is not set: this cache has no replay service to ask\n");
        }
        ReplayCommand.Interval interval;
        try {
            Map<String, String> params = new HashMap<>();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            interval = ReplayCommand.parse(new String[] {"--from", params.getOrDefault("from", ""),
                    "--to", params.getOrDefault("to", "")}, java.time.Instant.now());
        } catch (IllegalArgumentException e) {
            return text(400, e.getMessage() + "\n");
        }
        StringBuilder answer = new StringBuilder();
        java.util.Set<String> done = new java.util.HashSet<>();
        try {
            for (Backfill backfill : backfills) {
                if (done.add(backfill.subscriptionSet())) {
                    Backfill.Result r = backfill.replay(interval.from(), interval.to());
                    answer.append("replayed ").append(interval.from()).append(" to ").append(interval.to()).append(": ")
                            .append(r.windows()).append(" window(s), ").append(r.found()).append(" found, ")
                            .append(r.matched()).append(" matched, ").append(r.enqueued()).append(" enqueued\n");
                }
            }
        } catch (IllegalStateException e) {
            return text(502, e.getMessage() + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return text(503, "interrupted\n");
        }
        return text(200, answer.toString());
    }

    private static HttpAnswer text(int status, String body) {
        return new HttpAnswer(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An anonymous Global Broker stand-in (any client may publish and subscribe anything). Its
     * session queue holds a whole benchmark burst: busy taking a burst in on the cores it shares
     * with everything else, HiveMQ delivers hardly any of it until the burst is in, so a queue of
     * EMQX's or HiveMQ's default 1000 would discard half of a 2000-message burst before the cache
     * ever saw it, however fast the listener acknowledged (docs/benchmarks.md). Its sessions live
     * in memory: it restarts with the cache, when the cache has no session to keep.
     */
    public static EmbeddedBroker globalBroker(int port) {
        return EmbeddedBroker.start(BrokerOptions.anonymous().withPort(port).withSessionsInMemory()
                .withMaxQueuedMessages(GLOBAL_BROKER_MAX_QUEUED));
    }

    private void startRedis(Path dir) {
        if (config.redisUrl().isPresent()) {
            redisUri = config.redisUrl().get();
        } else {
            // the port is ours to choose: nothing outside this JVM is told about it
            redis = own(EmbeddedRedis.start(freePort(), directory(dir)));
            redisUri = redis.uri();
        }
        RedisClient client = RedisClient.create(redisUri.toString());
        // once Redis is gone (at JVM exit it may stop before us), commands fail at once
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        resources.push(client::shutdown);
        redisConnection = own(client.connect());
        redisConnection.setTimeout(Duration.ofSeconds(5));
        if (redis != null) {
            // Ctrl-C reaches redis-server too (same process group), and the JVM's exit kills it:
            // Redis 6 snapshots on SIGINT/SIGTERM only when a save point exists. This one
            // (a year and a billion writes) never fires during a run, so there are still no
            // periodic snapshots, only the one on the way out.
            redisConnection.sync().configSet("save", "31536000 1000000000");
        }
        // popped at close after every later component stopped, so the last commits are in it
        resources.push(this::saveSnapshot);
        health.add("redis", () -> "PONG".equals(redisConnection.sync().ping()));
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Boolean> states = health.states();
        while (states.containsValue(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the local cache did not come up within " + READY_TIMEOUT + ": "
                        + states);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
            states = health.states();
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    private static Path copy(Path from, Path to) {
        try {
            return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's CA file " + to, e);
        }
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            // every folder made is GC_DATA_DIR or one inside it
            throw new ConfigException("GC_DATA_DIR", "cannot create the folder " + dir + " (" + e + ")", e);
        }
    }

    /** A port the configuration names must be free, or the start stops naming the variable. */
    static void requireFree(String variable, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(StandIns.HOST, port));
        } catch (IOException e) {
            throw new ConfigException(variable, "port " + port + " is already in use; set " + variable
                    + " to a free port");
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String centreId() {
        return config.centreId();
    }

    public int httpPort() {
        return http.port();
    }

    public int mqttPort() {
        return broker.port();
    }

    public int mqttsPort() {
        return broker.tlsPort().orElseThrow();
    }

    /** The PEM file of the CA that signed the broker's TLS certificate: {@code GC_DATA_DIR/mqtts-ca.pem}. */
    public Path caFile() {
        return caFile;
    }

    /** The Global Brokers listened to (the embedded one when none was configured). */
    public List<LocalConfig.GlobalBroker> globalBrokers() {
        return List.copyOf(globalBrokers);
    }

    /** The listeners' own {@code /metrics} text, one after the other. */
    public String listenerMetrics() {
        StringBuilder text = new StringBuilder();
        listeners.forEach(listener -> text.append(listener.metricsText()));
        return text.toString();
    }

    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    /** Messages in the work queue (visible or in flight) and in its dead-letter queue. */
    record QueueDepths(int queued, int deadLetters) {
    }

    QueueDepths queueDepths() {
        String dlqUrl = sqs.getQueueUrl(r -> r.queueName(DLQ)).queueUrl();
        return new QueueDepths(depth(queueUrl), depth(dlqUrl));
    }

    private int depth(String url) {
        var a = sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** How many manager invocations outlived GC_MANAGER_TIMEOUT and were abandoned. */
    int abandonedInvocations() {
        return poller.abandonedInvocations();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + http.port();
    }

    /** The line printed when everything is connected; scripts wait for it. */
    public String readyLine() {
        StringBuilder gbs = new StringBuilder();
        for (var gb : globalBrokers) {
            gbs.append(gbs.isEmpty() ? "" : ",").append(gb.name()).append('=').append(redact(gb.url()));
        }
        return "ready centre=" + config.centreId()
                + " mqtt=mqtt://127.0.0.1:" + mqttPort()
                + " mqtts=mqtts://127.0.0.1:" + mqttsPort()
                + " data=" + publicBaseUrl + "/"
                + " metrics=" + httpBase() + "/metrics"
                + " health=" + httpBase() + "/health"
                + " global-brokers=" + gbs
                + " ca=" + caFile();
    }

    private static String redact(URI url) {
        return url.getUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }

    /**
     * Stops everything in reverse order of start. The listeners stop first so nothing new comes
     * in; the embedded Redis writes its one snapshot (the dedup memory) before it stops.
     */
    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private void saveSnapshot() {
        if (redis == null) {
            return; // an outside Redis keeps its own state
        }
        try {
            redisConnection.sync().save();
        } catch (RuntimeException e) {
            // at JVM exit redis-server is stopped by its own hook and snapshots on the way out
            LOG.info("Redis had already stopped and kept its own snapshot in {} ({})", config.dataDir()
                    .resolve("redis"),
                    e.getMessage());
        }
    }
}
