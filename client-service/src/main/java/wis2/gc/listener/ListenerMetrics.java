package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The listener's counters, rendered as Prometheus text (version 0.0.4) for {@code /metrics}. */
final class ListenerMetrics {

    private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final String broker;
    private final Clock clock;
    private final LongAdder received = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder sqsErrors = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder overflows = new LongAdder();
    private final LongAdder resyncs = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final DoubleAdder latencySum = new DoubleAdder();
    private volatile boolean connected;
    private volatile Instant lastMessage;
    private volatile IntSupplier pending = () -> 0;

    ListenerMetrics(String broker, Clock clock) {
        this.broker = broker;
        this.clock = clock;
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    void received() {
        received.increment();
        lastMessage = clock.instant();
    }

    void forwarded(int count) {
        forwarded.add(count);
    }

    void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    void sqsError() {
        sqsErrors.increment();
    }

    void batchSent(Duration latency) {
        double seconds = latency.toNanos() / 1e9;
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            if (seconds <= LATENCY_BUCKETS[i]) {
                latencyBuckets[i].increment();
            }
        }
        latencyCount.increment();
        latencySum.add(seconds);
    }

    void connected(boolean now) {
        if (now && !connected) {
            connects.increment();
        }
        connected = now;
    }

    /** A connection attempt failed; {@code refused} when the broker rejected the credentials. */
    void connectFailed(boolean refused) {
        (refused ? authFailures : connectFailures).increment();
    }

    /** A message did not fit in the forwarding queue and was left to the broker. */
    void overflowed() {
        overflows.increment();
    }

    /** Reconnected to have the overflowed messages re-sent. */
    void resynced() {
        resyncs.increment();
    }

    long overflowCount() {
        return overflows.sum();
    }

    long resyncCount() {
        return resyncs.sum();
    }

    long authFailureCount() {
        return authFailures.sum();
    }

    void pendingGauge(IntSupplier gauge) {
        pending = gauge;
    }

    boolean isConnected() {
        return connected;
    }

    long receivedCount() {
        return received.sum();
    }

    long forwardedCount() {
        return forwarded.sum();
    }

    long droppedCount(DropReason reason) {
        return dropped.get(reason).sum();
    }

    long sqsErrorCount() {
        return sqsErrors.sum();
    }

    /** Seconds since the last message arrived, or -1 when none has yet. */
    double lastMessageAgeSeconds() {
        Instant last = lastMessage;
        return last == null ? -1 : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }

    String render() {
        String label = "broker=\"" + broker + "\"";
        StringBuilder out = new StringBuilder(2048);
        counter(out, "gc_listener_received_total", "MQTT messages received", label, received.sum());
        counter(out, "gc_listener_forwarded_total", "messages accepted by SQS", label, forwarded.sum());
        header(out, "gc_listener_dropped_total", "counter", "messages acknowledged without forwarding, by reason");
        for (var entry : dropped.entrySet()) {
            long value = entry.getValue().sum();
            if (value > 0) { // series appear on first use
                sample(out, "gc_listener_dropped_total", label + ",reason=\"" + entry.getKey().label() + "\"", value);
            }
        }
        counter(out, "gc_listener_sqs_errors_total", "failed SendMessageBatch calls and entries", label, sqsErrors.sum());
        counter(out, "gc_listener_connects_total", "successful connections to the broker", label, connects.sum());
        header(out, "gc_listener_connect_failures_total", "counter", "failed connection attempts, by cause");
        sample(out, "gc_listener_connect_failures_total", label + ",cause=\"credentials-refused\"", authFailures.sum());
        sample(out, "gc_listener_connect_failures_total", label + ",cause=\"other\"", connectFailures.sum());
        counter(out, "gc_listener_overflows_total", "messages left to the broker because the queue was full", label,
                overflows.sum());
        counter(out, "gc_listener_resyncs_total", "reconnections made to get overflowed messages again", label,
                resyncs.sum());
        header(out, "gc_listener_connected", "gauge", "1 while connected to the broker");
        sample(out, "gc_listener_connected", label, connected ? 1 : 0);
        header(out, "gc_listener_pending", "gauge", "messages received and not yet acknowledged");
        sample(out, "gc_listener_pending", label, pending.getAsInt());
        header(out, "gc_listener_last_message_age_seconds", "gauge", "seconds since the last message (-1: none yet)");
        sample(out, "gc_listener_last_message_age_seconds", label, lastMessageAgeSeconds());
        header(out, "gc_listener_batch_latency_seconds", "histogram", "duration of SendMessageBatch calls");
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            sample(out, "gc_listener_batch_latency_seconds_bucket",
                    label + ",le=\"" + LATENCY_BUCKETS[i] + "\"", latencyBuckets[i].sum());
        }
        sample(out, "gc_listener_batch_latency_seconds_bucket", label + ",le=\"+Inf\"", latencyCount.sum());
        sample(out, "gc_listener_batch_latency_seconds_sum", label, latencySum.sum());
        sample(out, "gc_listener_batch_latency_seconds_count", label, latencyCount.sum());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, String label, long value) {
        header(out, name, "counter", help);
        sample(out, name, label, value);
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append('{').append(labels).append("} ");
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
    }
}
