package wis2.gc.standins;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS on 127.0.0.1, served by ElasticMQ with strict SQS limits. The queues and their messages
 * live in an actor system that outlives {@link #stop()}: a stop only takes the HTTP endpoint
 * away, as an SQS outage would, and {@link #restart()} serves the same queues on the same port.
 *
 * <p>Message size: queues are made with {@code MaximumMessageSize} {@value #MAX_MESSAGE_BYTES}, the
 * AWS work queue's setting, and ElasticMQ's strict limits refuse a larger body
 * ({@code MessageTooLong}), as SQS does. (ElasticMQ counts the body's characters, not its bytes
 * plus attributes as SQS does; the listener enforces the exact SQS size before sending.)
 *
 * <p>FIFO deduplication: ElasticMQ drops a message whose {@code MessageDeduplicationId} was
 * seen on the same queue in the last 5 minutes (fixed, as in SQS); queues made here have
 * content-based deduplication off, so every sender must give a deduplication id.
 */
public final class EmbeddedSqs implements AutoCloseable {

    /** SQS queue names: up to 80 letters, digits, hyphens and underscores, plus ".fifo" for FIFO. */
    /** The largest message a queue takes (1 MiB), as the AWS work queue is configured. */
    public static final int MAX_MESSAGE_BYTES = 1_048_576;
    private static final Pattern FIFO_NAME = Pattern.compile("[A-Za-z0-9_-]{1,75}\\.fifo");
    private static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final int port;
    private final ActorSystem system;
    private final ActorRef queueManager;
    private final SqsClient admin;
    private SQSRestServer server;

    private EmbeddedSqs(int port) {
        this.port = port;
        // ElasticMQ's own application.conf logs at DEBUG, which would log message bodies
        Config config = ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
                .withFallback(ConfigFactory.load(EmbeddedSqs.class.getClassLoader()));
        this.system = ActorSystem.create("embedded-sqs", config, EmbeddedSqs.class.getClassLoader());
        this.queueManager = system.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.empty())));
        this.admin = SqsClient.builder()
                .endpointOverride(endpoint())
                .region(StandIns.REGION)
                .credentialsProvider(StandIns.awsCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts SQS on a free port. */
    public static EmbeddedSqs start() {
        return start(Ports.free());
    }

    /** Starts SQS on {@code port}. */
    public static EmbeddedSqs start(int port) {
        EmbeddedSqs sqs = new EmbeddedSqs(Ports.checked(port));
        try {
            sqs.restart();
        } catch (RuntimeException e) {
            sqs.close();
            throw e;
        }
        return sqs;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port}, for {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://" + StandIns.HOST + ":" + port);
    }

    /** Same as {@link #createFifoQueue(String, String, int, Duration)} with a 30 s visibility timeout. */
    public String createFifoQueue(String name, String dlqName, int maxReceiveCount) {
        return createFifoQueue(name, dlqName, maxReceiveCount, DEFAULT_VISIBILITY_TIMEOUT);
    }

    /**
     * Creates a FIFO queue (content-based deduplication off) and its FIFO dead-letter queue;
     * a message received {@code maxReceiveCount} times without being deleted moves to the DLQ.
     *
     * @return the URL of the queue {@code name}
     */
    public String createFifoQueue(String name, String dlqName, int maxReceiveCount, Duration visibilityTimeout) {
        requireFifoName(name);
        requireFifoName(dlqName);
        if (name.equals(dlqName)) {
            throw new IllegalArgumentException("queue " + name + " cannot be its own dead-letter queue");
        }
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000, got " + maxReceiveCount + " for "
                    + name);
        }
        long visibilitySeconds = visibilityTimeout.toSeconds();
        if (visibilitySeconds < 0 || visibilitySeconds > 43_200) {
            throw new IllegalArgumentException("visibility timeout must be 0..12 h, got " + visibilityTimeout + " for "
                    + name);
        }
        String dlqUrl = createFifo(dlqName, Map.of());
        String dlqArn = admin.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        return createFifo(name, Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrive,
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilitySeconds)));
    }

    private String createFifo(String name, Map<QueueAttributeName, String> more) {
        var attributes = new HashMap<>(more);
        attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(MAX_MESSAGE_BYTES));
        attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
        try {
            return admin.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        } catch (RuntimeException e) {
            throw new StandInException("cannot create SQS queue " + name + " on " + endpoint(), e);
        }
    }

    private static void requireFifoName(String name) {
        if (name == null || !FIFO_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "FIFO queue name must be 1-75 of [A-Za-z0-9_-] followed by .fifo, got " + name);
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Takes the endpoint away (connections are refused); queues and messages are kept. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            throw new StandInException("cannot stop SQS on port " + port, e);
        } finally {
            server = null;
        }
    }

    /** Serves the same queues again on the same port; stops first when running. */
    public synchronized void restart() {
        stop();
        try {
            SQSRestServer started = SQSRestServerBuilder
                    .withActorSystem(system)
                    .withQueueManagerActor(queueManager)
                    .withInterface(StandIns.HOST)
                    .withPort(port)
                    .withServerAddress(new NodeAddress("http", StandIns.HOST, port, ""))
                    .withAWSRegion(StandIns.REGION.id())
                    .start();
            started.waitUntilStarted();
            server = started;
        } catch (RuntimeException e) {
            throw new StandInException("cannot start SQS on " + StandIns.HOST + ":" + port, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            admin.close();
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new StandInException("cannot stop the SQS actor system of port " + port, e);
            }
        }
    }
}
