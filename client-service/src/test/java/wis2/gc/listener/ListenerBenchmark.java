package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Forwarding rate on loopback: HiveMQ (the Global Broker), the listener and ElasticMQ (SQS) in
 * one JVM, a publisher pushing distinct notifications with QoS 1. Prints each run and the
 * median, in messages per second from the first publish to the last SQS acceptance. Not a
 * test: run it by hand (command in the module README); the target is at least 2000 msg/s.
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
            List<Double> rates = switch (mode) {
                case "sqs", "memory" -> {
                    MessageQueue sink = mode.equals("memory")
                            ? batch -> Collections.nCopies(batch.size(), MessageQueue.Outcome.SENT)
                            : new SqsQueue(rig.sqs, config.queueUrl(), config.brokerName());
                    try (Listener listener = Listener.start(config, sink, Clock.systemUTC(), () -> { })) {
                        Rig.await(Duration.ofSeconds(30), listener::isConnected, "the listener to connect");
                        List<Double> measured = runAll(rig, perRun, runs, () -> listener.metrics().forwardedCount());
                        System.out.println("mean SendMessageBatch entries: " + listener.metricsText().lines()
                                .filter(line -> line.startsWith("gc_listener_batch_latency_seconds_count"))
                                .map(line -> String.format(Locale.ROOT, "%.1f", listener.metrics().forwardedCount()
                                        / Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))))
                                .findFirst().orElse("-"));
                        System.out.println("mean SendMessageBatch latency ms: " + meanLatencyMillis(listener.metricsText()));
                        yield measured;
                    }
                }
                case "raw" -> {
                    AtomicLong delivered = new AtomicLong();
                    MqttClient subscriber = new MqttClient(rig.broker.serverUri(), "bench-raw", new MemoryPersistence());
                    MqttConnectOptions options = new MqttConnectOptions();
                    options.setUserName(Rig.READER);
                    options.setPassword(Rig.READER_PASSWORD.toCharArray());
                    subscriber.connect(options);
                    subscriber.subscribe("origin/a/wis2/" + CENTRE + "/#", 1, (topic, message) -> delivered.incrementAndGet());
                    try {
                        yield runAll(rig, perRun, runs, delivered::get);
                    } finally {
                        subscriber.disconnect();
                        subscriber.close();
                    }
                }
                default -> throw new IllegalArgumentException("mode must be sqs, memory or raw, not " + mode);
            };
            rates.sort(Double::compare);
            double median = rates.size() % 2 == 1 ? rates.get(rates.size() / 2)
                    : (rates.get(rates.size() / 2 - 1) + rates.get(rates.size() / 2)) / 2;
            System.out.printf(Locale.ROOT, "forwarding rate (%s): median %.0f msg/s over %d runs of %d (min %.0f, max %.0f);"
                    + " target >= 2000%n", mode, median, runs, perRun, rates.getFirst(), rates.getLast());
        }
    }

    private static String meanLatencyMillis(String metrics) {
        double sum = sampleValue(metrics, "gc_listener_batch_latency_seconds_sum");
        double count = sampleValue(metrics, "gc_listener_batch_latency_seconds_count");
        return String.format(Locale.ROOT, "%.1f", 1000 * sum / count);
    }

    private static double sampleValue(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static List<Double> runAll(Rig rig, int perRun, int runs, LongSupplier done) throws Exception {
        measure(rig, "warm-up", Math.min(perRun, 2000), done);
        List<Double> rates = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            rates.add(measure(rig, "run " + run, perRun, done));
        }
        return rates;
    }

    private static double measure(Rig rig, String label, int count, LongSupplier done) throws Exception {
        List<Rig.Published> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(new Rig.Published(Rig.topic(CENTRE),
                    Notifications.notification(UUID.randomUUID().toString(), CENTRE + "/" + UUID.randomUUID())));
        }
        long before = done.getAsLong();
        long start = System.nanoTime();
        for (int from = 0; from < count; from += SLICE) {
            int published = from;
            Rig.await(Duration.ofMinutes(1), () -> published - (done.getAsLong() - before) <= MAX_BACKLOG, label + " backlog");
            rig.publish(messages.subList(from, Math.min(count, from + SLICE)));
        }
        Rig.await(Duration.ofMinutes(2), () -> done.getAsLong() - before >= count, label);
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = count / seconds;
        System.out.printf(Locale.ROOT, "%-8s %6d messages in %6.2f s: %7.0f msg/s%n", label, count, seconds, rate);
        return rate;
    }
}
