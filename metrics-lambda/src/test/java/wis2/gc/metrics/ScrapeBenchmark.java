package wis2.gc.metrics;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricUpdate;
import wis2.gc.standins.EmbeddedRedis;

/**
 * Prints how long one scrape takes (Redis read plus OpenMetrics rendering) for 1, 100 and 500
 * centres with every metric in use: medians and 90th percentiles over repeated scrapes, and the
 * body size. Not a test: run it on the test class path, e.g.
 * {@code mvn -o -q -pl metrics-lambda -am test-compile dependency:build-classpath -Djacoco.skip=true
 * -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt} then
 * {@code java -cp metrics-lambda/target/test-classes:metrics-lambda/target/classes:$(cat /tmp/cp.txt)
 * wis2.gc.metrics.ScrapeBenchmark}.
 */
public final class ScrapeBenchmark {

    private static final String GC = "xx-example-global-cache";
    private static final int SCRAPES = 60;

    private ScrapeBenchmark() {
    }

    public static void main(String[] args) {
        try (var redis = EmbeddedRedis.start()) {
            var client = RedisClient.create(RedisURI.create(redis.uri()));
            try (var admin = client.connect();
                    var endpoint = MetricsEndpoint.connect(new MetricsConfig(redis.uri().toString(), Optional.empty()),
                            Optional.empty())) {
                int written = 0;
                System.out.println("centres  samples body_kb  median_ms  p90_ms");
                for (int centres : new int[] {1, 100, 500}) {
                    LayoutWriter.apply(admin.async(), updates(written, centres));
                    written = centres;
                    for (int i = 0; i < 30; i++) {
                        endpoint.handle("GET", "/metrics", "application/openmetrics-text"); // warm-up
                    }
                    long[] nanos = new long[SCRAPES];
                    String body = "";
                    for (int i = 0; i < SCRAPES; i++) {
                        long t0 = System.nanoTime();
                        body = endpoint.handle("GET", "/metrics", "application/openmetrics-text").body();
                        nanos[i] = System.nanoTime() - t0;
                    }
                    Arrays.sort(nanos);
                    long samples = body.lines().filter(l -> !l.startsWith("#")).count();
                    System.out.printf("%7d  %6d  %7.1f  %9.2f  %6.2f%n", centres, samples, body.length() / 1024.0,
                            nanos[SCRAPES / 2] / 1e6, nanos[SCRAPES * 9 / 10] / 1e6);
                }
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    /** Every metric for centres {@code from} to {@code to - 1}: the WMO ones, two outcomes and a delay histogram. */
    private static List<MetricUpdate> updates(int from, int to) {
        List<MetricUpdate> updates = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String c = "c-%04d".formatted(i);
            String host = "data." + c + ".example";
            for (Metric m : Metric.values()) {
                List<String> labels = switch (m.labelNames().size()) {
                    case 2 -> List.of(c, GC);
                    case 3 -> m.labelNames().contains("dataserver") ? List.of(c, host, GC) : List.of(c, GC, "cached");
                    default -> throw new IllegalStateException("unexpected labels of " + m);
                };
                var kind = switch (m.type()) {
                    case COUNTER -> MetricUpdate.Kind.INCREMENT;
                    case GAUGE -> MetricUpdate.Kind.SET;
                    case HISTOGRAM -> MetricUpdate.Kind.OBSERVE;
                };
                updates.add(new MetricUpdate(m, labels, kind, 1 + i % 700));
            }
        }
        return updates;
    }
}
