package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the listener's metrics to stdout in CloudWatch Embedded Metric Format, one JSON line per
 * interval (and one per drop reason seen in it), so that the task's log group turns them into
 * CloudWatch metrics per Global Broker, with no agent and no API call: namespace
 * {@value #NAMESPACE}, dimension {@code Broker} (and {@code Broker, Reason} for drops).
 *
 * <p>Counts are what happened during the interval; {@code Connected} is 1 or 0 at the moment of
 * writing, {@code LastMessageAge} (seconds) appears once a message has arrived. A listener that
 * is dead writes nothing, which the alarms treat as breaching.
 */
final class EmfReporter implements AutoCloseable {

    /** The CloudWatch namespace; the CDK app's alarms read the same one. */
    static final String NAMESPACE = "GlobalCache/Listener";

    private static final Logger LOG = LoggerFactory.getLogger(EmfReporter.class);

    private final ListenerMetrics metrics;
    private final String broker;
    private final Clock clock;
    private final Consumer<String> out;
    private final Thread thread;
    private final Duration interval;
    private long received;
    private long forwarded;
    private long sessionLost;
    private long subscriptionFailures;
    private long shortConnections;
    private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);

    EmfReporter(ListenerMetrics metrics, String broker, Clock clock, Duration interval, Consumer<String> out) {
        this.metrics = metrics;
        this.broker = broker;
        this.clock = clock;
        this.interval = interval;
        this.out = out;
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, 0L);
        }
        this.thread = interval.isZero() ? null
                : Thread.ofPlatform().name("emf-" + broker).daemon().start(this::run);
    }

    private void run() {
        try {
            while (true) {
                Thread.sleep(interval);
                emit();
            }
        } catch (InterruptedException e) {
            // stopping: close() writes the last interval
        }
    }

    /** Writes the lines for the time since the previous call. */
    synchronized void emit() {
        try {
            long now = clock.millis();
            long receivedNow = metrics.receivedCount();
            long forwardedNow = metrics.forwardedCount();
            long sessionLostNow = metrics.sessionLostCount();
            long subscriptionFailuresNow = metrics.subscriptionFailureCount();
            long shortNow = metrics.shortConnectionCount();
            long droppedTotal = 0;
            StringBuilder reasons = new StringBuilder();
            for (DropReason reason : DropReason.values()) {
                long count = metrics.droppedCount(reason);
                long delta = count - dropped.get(reason);
                dropped.put(reason, count);
                droppedTotal += delta;
                if (delta > 0) {
                    reasons.append(line(now, "[[\"Broker\",\"Reason\"]]", "{\"Name\":\"Dropped\",\"Unit\":\"Count\"}",
                            ",\"Reason\":\"" + reason.label() + "\",\"Dropped\":" + delta)).append('\n');
                }
            }
            double age = metrics.lastMessageAgeSeconds();
            String definitions =
                    "{\"Name\":\"Connected\",\"Unit\":\"None\"},{\"Name\":\"Received\",\"Unit\":\"Count\"},"
                    + "{\"Name\":\"Forwarded\",\"Unit\":\"Count\"},{\"Name\":\"Dropped\",\"Unit\":\"Count\"},"
                    + "{\"Name\":\"SessionLost\",\"Unit\":\"Count\"},{\"Name\":\"SubscriptionFailures\",\"Unit\":\""
                    + "Count\"},"
                    + "{\"Name\":\"ShortConnections\",\"Unit\":\"Count\"},{\"Name\":\"Pending\",\"Unit\":\"Count\"}"
                    + (age >= 0 ? ",{\"Name\":\"LastMessageAge\",\"Unit\":\"Seconds\"}" : "");
            String values = ",\"Connected\":" + (metrics.isConnected() ? 1 : 0)
                    + ",\"Received\":" + (receivedNow - received)
                    + ",\"Forwarded\":" + (forwardedNow - forwarded)
                    + ",\"Dropped\":" + droppedTotal
                    + ",\"SessionLost\":" + (sessionLostNow - sessionLost)
                    + ",\"SubscriptionFailures\":" + (subscriptionFailuresNow - subscriptionFailures)
                    + ",\"ShortConnections\":" + (shortNow - shortConnections)
                    + ",\"Pending\":" + metrics.pending()
                    + (age >= 0 ? ",\"LastMessageAge\":" + Math.round(age) : "");
            received = receivedNow;
            forwarded = forwardedNow;
            sessionLost = sessionLostNow;
            subscriptionFailures = subscriptionFailuresNow;
            shortConnections = shortNow;
            out.accept(line(now, "[[\"Broker\"]]", definitions, values) + (reasons.isEmpty() ? "" : "\n"
                    + reasons.substring(0, reasons.length() - 1)));
        } catch (RuntimeException e) {
            LOG.warn("could not write the metrics of " + broker + ": " + e);
        }
    }

    private String line(long timestamp, String dimensions, String definitions, String values) {
        return "{\"_aws\":{\"Timestamp\":" + timestamp + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE
                + "\",\"Dimensions\":" + dimensions + ",\"Metrics\":[" + definitions + "]}]},\"Broker\":\""
                + broker + "\"" + values + "}";
    }

    /** Stops and writes what the last interval counted. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        emit();
    }
}
