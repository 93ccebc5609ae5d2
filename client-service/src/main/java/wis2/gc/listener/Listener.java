package wis2.gc.listener;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import wis2.gc.replay.Backfill;
import wis2.gc.replay.ReplayCommand;
import wis2.gc.config.ConfigException;

/**
 * One running listener: a Global Broker's messages forwarded, at least once, into the SQS FIFO
 * queue. Start it with {@link #start(ListenerConfig, SqsClient)} (several may run in one JVM,
 * each with its own broker name) and stop it with {@link #close()}; {@link #main} runs one from
 * environment variables until SIGTERM.
 *
 * <p>Stopping is graceful: first no new message is taken and a lost connection is no longer
 * re-established, then those taken are flushed to SQS and acknowledged (for at most
 * {@link ListenerConfig#stopTimeout()}), then the client disconnects. Whatever was not flushed
 * stays unacknowledged in the broker's session and is re-sent to the next listener with the
 * same identity.
 *
 * <p>A {@link FeedObserver} given at start hears of each connect (with the session-present flag)
 * and of each message SQS accepted.
 */
public final class Listener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    private final ListenerConfig config;
    private final ListenerMetrics metrics;
    private final Forwarder forwarder;
    private final MqttIntake intake;
    private final StatusServer status;
    private final TooLargeReports reports;
    private final EmfReporter emf;
    private final AutoCloseable owned;
    private boolean closed;

    private Listener(ListenerConfig config, MessageQueue queue, Clock clock, AutoCloseable owned, Triage triage,
                     FeedObserver observer, Consumer<String> stdout) {
        this.config = config;
        this.owned = owned;
        this.metrics = new ListenerMetrics(config.brokerName(), clock);
        ThrottledLog log = new ThrottledLog(LOG, clock, Duration.ofMinutes(1));
        this.status = new StatusServer(config.httpPort(), metrics, config.brokerName(), config.healthIdle());
        this.forwarder = new Forwarder(queue, metrics, log, config.maxPending(), config.batchLinger(), config.senders(),
                observer, clock);
        metrics.pendingGauge(forwarder::pending);
        this.reports = new TooLargeReports(config, metrics, log, clock);
        try {
            this.intake = new MqttIntake(config, forwarder, metrics, log, clock, new Random(), triage, observer,
                    reports);
        } catch (RuntimeException e) {
            reports.close();
            forwarder.close();
            status.close();
            throw e;
        }
        status.liveness(intake::isAlive);
        this.emf = new EmfReporter(metrics, config.brokerName(), clock, config.emfInterval(), stdout);
        intake.start();
        LOG.info("listener started: " + config);
    }

    /** Starts a listener sending through the given client, which stays the caller's to close. */
    public static Listener start(ListenerConfig config, SqsClient sqs) {
        return start(config, sqs, FeedObserver.NONE);
    }

    /** As {@link #start(ListenerConfig, SqsClient)}, telling {@code observer} how the feed goes. */
    public static Listener start(ListenerConfig config, SqsClient sqs, FeedObserver observer) {
        return start(config, new SqsQueue(sqs, config.queueUrl(), config.brokerName()), Clock.systemUTC(), () -> { },
                defaultTriage(config), observer);
    }

    /** Starts a listener with its own SQS client (region and endpoint from the config), closed with it. */
    public static Listener start(ListenerConfig config) {
        return start(config, FeedObserver.NONE);
    }

    /** As {@link #start(ListenerConfig)}, telling {@code observer} how the feed goes. */
    public static Listener start(ListenerConfig config, FeedObserver observer) {
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(config.region()))
                .httpClient(UrlConnectionHttpClient.create());
        config.sqsEndpoint().ifPresent(builder::endpointOverride);
        SqsClient sqs = builder.build();
        try {
            return start(config, new SqsQueue(sqs, config.queueUrl(), config.brokerName()), Clock.systemUTC(), sqs,
                    defaultTriage(config), observer);
        } catch (RuntimeException e) {
            sqs.close();
            throw e;
        }
    }

    static Listener start(ListenerConfig config, MessageQueue queue, Clock clock, AutoCloseable owned) {
        return start(config, queue, clock, owned, defaultTriage(config), FeedObserver.NONE);
    }

    static Listener start(ListenerConfig config, MessageQueue queue, Clock clock, AutoCloseable owned, Triage triage,
                          FeedObserver observer) {
        return new Listener(config, queue, clock, owned, triage, observer, System.out::println);
    }

    static Triage defaultTriage(ListenerConfig config) {
        return new Triage(config.centreId(), config.brokerName(), config.maxMessageBytes());
    }

    public ListenerConfig config() {
        return config;
    }

    /** Whether the MQTT connection is up. */
    public boolean isConnected() {
        return metrics.isConnected();
    }

    /** Whether {@code /health} is UP: connected, subscribed and making progress. */
    public boolean isHealthy() {
        return metrics.health(config.healthIdle()).up();
    }

    /** The port of {@code /health} and {@code /metrics} (useful when the config asked for 0). */
    public int httpPort() {
        return status.port();
    }

    /** The {@code /metrics} text. */
    public String metricsText() {
        return metrics.render();
    }

    ListenerMetrics metrics() {
        return metrics;
    }

    /**
     * Graceful stop: stop taking messages and reconnecting, flush and acknowledge what was taken,
     * disconnect. Takes at most {@link ListenerConfig#stopTimeout()} plus a few seconds for the
     * disconnect.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        intake.stopReceiving();
        try {
            if (!forwarder.awaitIdle(config.stopTimeout())) {
                LOG.warn(forwarder.pending() + " messages not flushed within " + config.stopTimeout()
                        + "; the broker keeps them for the next session");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        intake.close();
        forwarder.close();
        reports.close();
        emf.close();
        status.close();
        try {
            owned.close();
        } catch (Exception e) {
            LOG.warn("closing the SQS client failed: " + e);
        }
        LOG.info("listener for " + config.brokerName() + " stopped");
    }

    /**
     * Runs one listener configured from the environment until the JVM is told to stop (SIGTERM).
     * With the argument {@code health} it instead asks the running listener's {@code /health}
     * (port {@code GC_HTTP_PORT}) and exits 0 when healthy, 1 otherwise; with {@code health live}
     * it asks {@code /live}, which stays 200 while the Global Broker is unreachable: the
     * container health check, needing no curl in the image. With {@code replay --from T1 --to T2}
     * it fetches that interval from the Global Replay service, enqueues it and exits
     * ({@link ReplayCommand}). Otherwise, with {@code GC_GLOBAL_REPLAY_URL} set, the listener
     * backfills gaps in its feed ({@link Backfill}).
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length >= 1 && args[0].equals("health")) {
            String path = args.length == 2 && args[1].equals("live") ? "/live" : "/health";
            System.exit(checkHealth(System.getenv().getOrDefault("GC_HTTP_PORT", "8080"), path) ? 0 : 1);
        }
        // the listener logs through SLF4J (JSON lines); Paho logs through java.util.logging: one line per record
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s %5$s%6$s%n");
        if (args.length > 0 && args[0].equals("replay")) { // a window asked for by hand (docs/operations.md)
            System.exit(ReplayCommand.run(args, System.getenv(), System.out));
        }
        // the JDK keeps 5 idle connections per host by default: fewer than the SQS senders, so
        // every batch beyond them would pay a new TLS handshake
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
        Listener listener;
        Optional<Backfill> backfill;
        try {
            ListenerConfig config = ListenerConfig.fromEnvironment(System.getenv());
            backfill = Backfill.fromEnvironment(System.getenv(), config); // empty when GC_GLOBAL_REPLAY_URL is unset
            listener = start(config, backfill.<FeedObserver>map(b -> b).orElse(FeedObserver.NONE));
        } catch (ConfigException e) {
            LOG.error("listener: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("listener: stopping (SIGTERM)");
            listener.close();
            backfill.ifPresent(Backfill::close);
            LOG.info("listener: stopped; " + listener.metrics().forwardedCount() + " forwarded, "
                    + listener.forwarder.pending() + " left to the broker for the next session");
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    private static boolean checkHealth(String port, String path) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.strip() + path))
                    .timeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            System.out.print(response.body());
            return response.statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            System.out.println("health check failed: " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
