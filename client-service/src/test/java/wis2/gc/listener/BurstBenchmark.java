package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import wis2.gc.testing.Poll;

/**
 * What a burst does to a fresh listener: N notifications published at once through HiveMQ (a
 * session queue of 1000, the common default), the listener's progress printed every 250 ms.
 * Shows how much of a burst the broker delivers while it is still taking the burst in, and what
 * it discards. Not a test: run it by hand like {@link ListenerBenchmark}.
 *
 * <p>Arguments: messages (default 2000), sink ({@code sqs} ElasticMQ, default; {@code memory}
 * a sink that accepts at once, so acknowledgements leave without delay).
 */
public final class BurstBenchmark {

    private static final String CENTRE = "c-burst";
    private static final Duration SETTLE = Duration.ofSeconds(5);

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        boolean memory = args.length > 1 && args[1].equals("memory");
        try (Rig rig = Rig.start()) {
            ListenerConfig config = ListenerConfig.fromEnvironment(rig.env(CENTRE, "gb-burst", rig.newQueue("burst")));
            MessageQueue sink = memory ? ListenerBenchmark.ACCEPT_ALL
                    : new SqsQueue(rig.sqs, config.queueUrl(), config.brokerName());
            try (Listener listener = Listener.start(config, sink, Clock.systemUTC(), () -> { })) {
                Poll.until(Duration.ofSeconds(30), listener::isConnected, "the listener to connect");
                List<Rig.Published> messages = Rig.notifications(CENTRE, count);
                ListenerMetrics metrics = listener.metrics();
                long start = System.nanoTime();
                Thread progress = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        while (true) {
                            System.out.printf("%6d ms  received %5d  forwarded %5d%n", millisSince(start),
                                    metrics.receivedCount(), metrics.forwardedCount());
                            Thread.sleep(250);
                        }
                    } catch (InterruptedException e) {
                        // done
                    }
                });
                rig.publish(messages);
                long published = millisSince(start);
                long receivedByThen = metrics.receivedCount();
                Thread.sleep(SETTLE);
                progress.interrupt();
                System.out.printf("%d published in %d ms (%s sink); received while publishing: %d; received in all: %d;"
                        + " forwarded: %d%n", count, published, memory ? "memory" : "sqs", receivedByThen,
                        metrics.receivedCount(), metrics.forwardedCount());
            }
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
