package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Forwarding rate on loopback: HiveMQ (the Global Broker), the listener and ElasticMQ (SQS) in
 * one JVM, a publisher pushing distinct notifications with QoS 1. Prints each run and the
 * median, in messages per second from the first publish to the last SQS acceptance. Not a
 * test: run it by hand (see docs in the module README) — the target is at least 2000 msg/s.
 *
 * <p>Arguments: messages per run (default 5000), runs (default 5), and {@code memory} to replace
 * SQS by a queue that accepts at once.
 */
public final class ListenerBenchmark {

    private static final int SLICE = 100;
    private static final int MAX_BACKLOG = 600;

    public static void main(String[] args) throws Exception {
        int perRun = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean inMemory = args.length > 2 && args[2].equals("memory");
        try (Rig rig = Rig.start()) {
            String queue = rig.newQueue("bench");
            ListenerConfig config = ListenerConfig.fromEnvironment(rig.env("c-bench", "gb-bench", queue));
            // "memory": SQS replaced by a queue that accepts at once, to see the MQTT side's own ceiling
            MessageQueue sink = inMemory ? batch -> Collections.nCopies(batch.size(), MessageQueue.Outcome.SENT)
                    : new SqsQueue(rig.sqs, config.queueUrl(), config.brokerName());
            try (Listener listener = Listener.start(config, sink, Clock.systemUTC(), () -> { })) {
                Rig.await(Duration.ofSeconds(30), listener::isConnected, "the listener to connect");
                measure(rig, listener, "warm-up", Math.min(perRun, 2000), "c-bench");
                List<Double> rates = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    rates.add(measure(rig, listener, "run " + run, perRun, "c-bench"));
                }
                rates.sort(Double::compare);
                double median = rates.size() % 2 == 1 ? rates.get(rates.size() / 2)
                        : (rates.get(rates.size() / 2 - 1) + rates.get(rates.size() / 2)) / 2;
                System.out.printf(Locale.ROOT, "listener forwarding rate (%s): median %.0f msg/s over %d runs of %d"
                                + " (min %.0f, max %.0f); target >= 2000%n",
                        inMemory ? "in-memory queue" : "ElasticMQ", median, runs, perRun, rates.getFirst(), rates.getLast());
                String metrics = listener.metricsText();
                System.out.println(metrics.lines().filter(line -> line.startsWith("gc_listener_batch_latency_seconds_sum")
                        || line.startsWith("gc_listener_batch_latency_seconds_count")
                        || line.startsWith("gc_listener_forwarded_total")).collect(Collectors.joining("\n")));
            }
        }
    }

    private static double measure(Rig rig, Listener listener, String label, int count, String centre) throws Exception {
        List<Rig.Published> messages = Rig.notifications(centre, count).stream()
                .map(m -> new Rig.Published(m.topic(), Notifications.notification(java.util.UUID.randomUUID().toString(),
                        label.replace(' ', '-') + "/" + java.util.UUID.randomUUID())))
                .toList();
        long before = listener.metrics().forwardedCount();
        long start = System.nanoTime();
        // HiveMQ, like EMQX, discards what exceeds a subscriber's queue (1000 by default): keep
        // the backlog below it, as a Global Broker's steady traffic would
        for (int from = 0; from < count; from += SLICE) {
            int published = from;
            Rig.await(Duration.ofMinutes(1), () -> published - (listener.metrics().forwardedCount() - before) <= MAX_BACKLOG,
                    label + " backlog");
            rig.publish(messages.subList(from, Math.min(count, from + SLICE)));
        }
        try {
            Rig.await(Duration.ofMinutes(2), () -> listener.metrics().forwardedCount() - before >= count, label);
        } catch (AssertionError e) {
            System.out.println(listener.metricsText());
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = count / seconds;
        System.out.printf(Locale.ROOT, "%-8s %6d messages in %6.2f s: %7.0f msg/s%n", label, count, seconds, rate);
        return rate;
    }
}
