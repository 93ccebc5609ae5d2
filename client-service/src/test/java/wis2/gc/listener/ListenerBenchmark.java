package wis2.gc.listener;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import wis2.gc.testing.Poll;

/**
 * Forwarding rate on loopback: HiveMQ (the Global Broker), the listener and ElasticMQ (SQS) in
 * one JVM, a publisher pushing distinct notifications with QoS 1. Prints each run and the
 * median, in messages per second from the first publish to the last SQS acceptance, and the
 * CPU time the threads under test spent per message (which the other servers sharing the cores
 * do not distort). Not a test: run it by hand (command in the module README); the target is at
 * least 2000 msg/s.
 *
 * <p>Arguments: messages per run (default 5000), runs (default 5), mode (default {@code sqs}),
 * then {@code NAME=value} overrides of the listener's environment. Modes: {@code sqs} the
 * listener into ElasticMQ; {@code memory} the listener into a queue that accepts at once (the
 * MQTT side's ceiling); {@code raw} no listener, a plain auto-acknowledging Paho subscriber (the
 * ceiling of the stand-ins themselves on this machine).
 */
public final class ListenerBenchmark {

    /** HiveMQ, like EMQX, discards what exceeds a subscriber's queue (1000 by default): stay below. */
    private static final int MAX_BACKLOG = 600;
    private static final int SLICE = 100;
    private static final String CENTRE = "c-bench";
    /** A queue that accepts every message at once: the MQTT side's ceiling. */
    static final MessageQueue ACCEPT_ALL = batch -> Collections.nCopies(batch.size(), MessageQueue.Outcome.SENT);

    public static void main(String[] args) throws Exception {
        int perRun = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String mode = args.length > 2 ? args[2] : "sqs";
        List<String> overrides = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            overrides.addAll(List.of(args[i].split("=", 2)));
        }
        try (Rig rig = Rig.start()) {
            ListenerConfig config = ListenerConfig.fromEnvironment(
                    rig.env(CENTRE, "gb-bench", rig.newQueue("bench"), overrides.toArray(String[]::new)));
            List<Run> measured = switch (mode) {
                case "sqs", "memory" -> {
                    MessageQueue sink = mode.equals("memory") ? ACCEPT_ALL
                            : new SqsQueue(rig.sqs, config.queueUrl(), config.brokerName());
                    try (Listener listener = Listener.start(config, sink, Clock.systemUTC(), () -> { })) {
                        Poll.until(Duration.ofSeconds(30), listener::isConnected, "the listener to connect");
                        List<Run> forwarded = runAll(rig, perRun, runs, () -> listener.metrics().forwardedCount(),
                                List.of(config.clientId(), "sqs-sender-"));
                        String metrics = listener.metricsText();
                        double batches = sampleValue(metrics, "gc_listener_batch_latency_seconds_count");
                        System.out.printf(Locale.ROOT, "SendMessageBatch: %.1f entries, %.1f ms on average%n",
                                listener.metrics().forwardedCount() / batches,
                                1000 * sampleValue(metrics, "gc_listener_batch_latency_seconds_sum") / batches);
                        yield forwarded;
                    }
                }
                case "raw" -> {
                    AtomicLong delivered = new AtomicLong();
                    MqttClient subscriber = new MqttClient(rig.broker.serverUri(), "bench-raw",
                            new MemoryPersistence());
                    MqttConnectOptions options = new MqttConnectOptions();
                    options.setUserName(Rig.READER);
                    options.setPassword(Rig.READER_PASSWORD.toCharArray());
                    subscriber.connect(options);
                    subscriber.subscribe("origin/a/wis2/" + CENTRE + "/#", 1, (topic, message) ->
                            delivered.incrementAndGet());
                    try {
                        yield runAll(rig, perRun, runs, delivered::get, List.of("bench-raw"));
                    } finally {
                        subscriber.disconnect();
                        subscriber.close();
                    }
                }
                default -> throw new IllegalArgumentException("mode must be sqs, memory or raw, not " + mode);
            };
            double rate = median(measured.stream().map(Run::rate).toList());
            double cpu = median(measured.stream().map(Run::cpuMicrosPerMessage).toList());
            System.out.printf(Locale.ROOT,
                    "forwarding rate (%s): median %.0f msg/s over %d runs of %d (min %.0f, max %.0f);"
                    + " target >= 2000%n", mode, rate, runs, perRun,
                    measured.stream().mapToDouble(Run::rate).min().orElseThrow(),
                    measured.stream().mapToDouble(Run::rate).max().orElseThrow());
            System.out.printf(Locale.ROOT,
                    "CPU of the %s threads: median %.0f us per message, i.e. %.0f msg/s per core%n",
                    mode.equals("raw") ? "subscriber's" : "listener's", cpu, 1e6 / cpu);
        }
    }

    /** One measured run: messages per second, and CPU time of the threads under test per message. */
    private record Run(double rate, double cpuMicrosPerMessage) {
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double sampleValue(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    /**
     * CPU time so far of the live threads whose names contain one of {@code markers}: Paho names
     * its threads after the client id ("MQTT Rec: id", ...), the listener its senders. What the
     * brokers, ElasticMQ and the publisher spend is left out, so the figure holds on a busy machine.
     */
    private static long cpuNanos(List<String> markers) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && markers.stream().anyMatch(info.getThreadName()::contains)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static List<Run> runAll(Rig rig, int perRun, int runs, LongSupplier done, List<String> threads)
            throws Exception {
        measure(rig, "warm-up", Math.min(perRun, 2000), done, threads);
        List<Run> measured = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            measured.add(measure(rig, "run " + run, perRun, done, threads));
        }
        return measured;
    }

    private static Run measure(Rig rig, String label, int count, LongSupplier done, List<String> threads)
            throws Exception {
        List<Rig.Published> messages = Rig.notifications(CENTRE, count);
        long before = done.getAsLong();
        long cpuBefore = cpuNanos(threads);
        long start = System.nanoTime();
        for (int from = 0; from < count; from += SLICE) {
            int published = from;
            Poll.until(Duration.ofMinutes(1), () -> published - (done.getAsLong() - before) <= MAX_BACKLOG, label
                    + " backlog");
            rig.publish(messages.subList(from, Math.min(count, from + SLICE)));
        }
        Poll.until(Duration.ofMinutes(2), () -> done.getAsLong() - before >= count, label);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (cpuNanos(threads) - cpuBefore) / 1e3 / count;
        double rate = count / seconds;
        System.out.printf(Locale.ROOT, "%-8s %6d messages in %6.2f s: %7.0f msg/s, %5.0f us CPU per message%n",
                label, count, seconds, rate, cpuMicros);
        return new Run(rate, cpuMicros);
    }
}
