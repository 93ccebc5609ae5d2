package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The listener's counters, rendered as Prometheus text (version 0.0.4) for {@code /metrics},
 * read by {@link EmfReporter} for CloudWatch, and judged by {@link #health} for {@code /health}.
 */
final class ListenerMetrics {

    /** Outcomes of reporting a notification the cache could not take. */
    enum ReportOutcome {
        PUBLISHED("published"), FAILED("failed"), UNCONFIGURED("unconfigured"), SKIPPED("skipped");

        private final String label;

        ReportOutcome(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /**
     * What {@code /health} answers.
     *
     * @param state {@code forwarding} or {@code idle} when up; {@code not-connected},
     *              {@code subscriptions-refused} or {@code stalled} when down
     */
    record Health(boolean up, String state, double lastForwardAgeSeconds, List<String> refusedSubscriptions) {}

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
    private final LongAdder sessionsLost = new LongAdder();
    private final LongAdder subscriptionFailures = new LongAdder();
    private final LongAdder shortConnections = new LongAdder();
    private final Map<ReportOutcome, LongAdder> reports = new EnumMap<>(ReportOutcome.class);
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final DoubleAdder latencySum = new DoubleAdder();
    private volatile boolean connected;
    private volatile Instant lastMessage;
    private volatile Instant lastForward;
    private volatile Instant lastProgress;
    private volatile Instant connectedSince;
    private volatile List<String> refusedSubscriptions = List.of();
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
        for (ReportOutcome outcome : ReportOutcome.values()) {
            reports.put(outcome, new LongAdder());
        }
    }

    void received() {
        received.increment();
        lastMessage = clock.instant();
    }

    void forwarded(int count) {
        if (count > 0) {
            forwarded.add(count);
            Instant now = clock.instant();
            lastForward = now;
            lastProgress = now;
        }
    }

    void dropped(DropReason reason) {
        dropped.get(reason).increment();
        lastProgress = clock.instant(); // dealt with on purpose: the feed moves
    }

    /** The broker had no session for us at a connect (CONNACK session-present 0). */
    void sessionLost() {
        sessionsLost.increment();
    }

    /** The filters the broker refused or granted below QoS 1 at the last SUBACK (empty: all granted). */
    void subscriptions(List<String> refused) {
        subscriptionFailures.add(refused.size());
        refusedSubscriptions = List.copyOf(refused);
    }

    /** A connection ended within the stable period (a suspected takeover). */
    void shortConnection() {
        shortConnections.increment();
    }

    void reported(ReportOutcome outcome) {
        reports.get(outcome).increment();
    }

    long sessionLostCount() {
        return sessionsLost.sum();
    }

    long subscriptionFailureCount() {
        return subscriptionFailures.sum();
    }

    List<String> refusedSubscriptions() {
        return refusedSubscriptions;
    }

    long shortConnectionCount() {
        return shortConnections.sum();
    }

    long connectCount() {
        return connects.sum();
    }

    long reportCount(ReportOutcome outcome) {
        return reports.get(outcome).sum();
    }

    int pending() {
        return pending.getAsInt();
    }

    /** When the current connection came up, or null while disconnected. */
    Instant connectedSince() {
        return connected ? connectedSince : null;
    }

    /**
     * Up while connected, every subscription granted with QoS 1, and progress (a message
     * forwarded or dropped on purpose, or the connection itself) no older than {@code idle}: a
     * listener that holds messages it cannot forward, or whose feed went silent, is down.
     */
    Health health(Duration idle) {
        double forwardAge = age(lastForward);
        List<String> refused = refusedSubscriptions;
        if (!connected) {
            return new Health(false, "not-connected", forwardAge, refused);
        }
        if (!refused.isEmpty()) {
            return new Health(false, "subscriptions-refused", forwardAge, refused);
        }
        Instant since = connectedSince;
        Instant progress = lastProgress;
        Instant latest = progress != null && (since == null || progress.isAfter(since)) ? progress : since;
        if (latest != null && Duration.between(latest, clock.instant()).compareTo(idle) > 0) {
            return new Health(false, "stalled", forwardAge, refused);
        }
        boolean forwarding = progress != null && since != null && progress.isAfter(since);
        return new Health(true, forwarding ? "forwarding" : "idle", forwardAge, refused);
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
            connectedSince = clock.instant();
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
        return age(lastMessage);
    }

    /** Seconds since SQS last accepted a message, or -1 when it has not yet. */
    double lastForwardAgeSeconds() {
        return age(lastForward);
    }

    private double age(Instant last) {
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
        counter(out, "gc_listener_sqs_errors_total", "failed SendMessageBatch calls and entries", label,
                sqsErrors.sum());
        counter(out, "gc_listener_connects_total", "successful connections to the broker", label, connects.sum());
        header(out, "gc_listener_connect_failures_total", "counter", "failed connection attempts, by cause");
        sample(out, "gc_listener_connect_failures_total", label + ",cause=\"credentials-refused\"", authFailures.sum());
        sample(out, "gc_listener_connect_failures_total", label + ",cause=\"other\"", connectFailures.sum());
        counter(out, "gc_listener_overflows_total", "messages left to the broker because the queue was full", label,
                overflows.sum());
        counter(out, "gc_listener_resyncs_total", "reconnections made to get overflowed messages again", label,
                resyncs.sum());
        counter(out, "gc_listener_session_lost_total", "connects at which the broker had no session for us (what it"
                + " held may be gone)", label, sessionsLost.sum());
        counter(out, "gc_listener_subscription_failures_total", "topic filters refused or granted below QoS 1",
                label, subscriptionFailures.sum());
        header(out, "gc_listener_subscriptions_refused", "gauge", "topic filters not granted QoS 1 at the last SUBACK");
        sample(out, "gc_listener_subscriptions_refused", label, refusedSubscriptions.size());
        counter(out, "gc_listener_short_connections_total", "connections lost within the stable period (suspected"
                + " takeovers)", label, shortConnections.sum());
        header(out, "gc_listener_too_large_reports_total", "counter", "monitoring events about notifications too"
                + " large for the queue, by outcome");
        for (var entry : reports.entrySet()) {
            long value = entry.getValue().sum();
            if (value > 0) {
                sample(out, "gc_listener_too_large_reports_total", label + ",outcome=\"" + entry.getKey().label()
                        + "\"",
                        value);
            }
        }
        header(out, "gc_listener_connected", "gauge", "1 while connected to the broker");
        sample(out, "gc_listener_connected", label, connected ? 1 : 0);
        header(out, "gc_listener_pending", "gauge", "messages received and not yet acknowledged");
        sample(out, "gc_listener_pending", label, pending.getAsInt());
        header(out, "gc_listener_last_message_age_seconds", "gauge", "seconds since the last message (-1: none yet)");
        sample(out, "gc_listener_last_message_age_seconds", label, lastMessageAgeSeconds());
        header(out, "gc_listener_last_forward_age_seconds", "gauge",
                "seconds since SQS last accepted a message (-1: none yet)");
        sample(out, "gc_listener_last_forward_age_seconds", label, lastForwardAgeSeconds());
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
