package wis2.gc.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricsLayout;

/**
 * Turns the metric hashes the manager writes (layout: {@link MetricsLayout}) into metric
 * families. One HGETALL per metric, all in one pipelined batch: the cost of a scrape grows with
 * the number of series, never with extra commands.
 */
final class RedisMetricsSource implements MetricsSource {

    private static final System.Logger LOG = System.getLogger(RedisMetricsSource.class.getName());
    private static final List<Metric> METRICS = List.of(Metric.values());
    private static final List<String> KEYS = METRICS.stream().map(MetricsLayout::key).toList();

    private final HashReader reader;

    RedisMetricsSource(HashReader reader) {
        this.reader = reader;
    }

    @Override
    public MetricSnapshots scrape() {
        Map<String, Map<String, String>> hashes = reader.readAll(KEYS);
        List<MetricSnapshot> families = new ArrayList<>(METRICS.size());
        for (Metric metric : METRICS) {
            Map<String, String> hash = hashes.getOrDefault(MetricsLayout.key(metric), Map.of());
            if (!hash.isEmpty()) {
                families.add(family(metric, hash));
            }
        }
        return new MetricSnapshots(families);
    }

    private static MetricSnapshot family(Metric metric, Map<String, String> hash) {
        return switch (metric.type()) {
            case COUNTER -> counter(metric, hash);
            case GAUGE -> gauge(metric, hash);
            case HISTOGRAM -> throw new UnsupportedOperationException("histogram layout not merged yet");
        };
    }

    private static CounterSnapshot counter(Metric metric, Map<String, String> hash) {
        // the model wants the family name; the writers add the _total suffix back
        var family = CounterSnapshot.builder()
                .name(metric.metricName().replaceFirst("_total$", ""))
                .help(metric.help());
        hash.forEach((field, value) -> series(metric, field, value).ifPresent(s -> family.dataPoint(
                CounterDataPointSnapshot.builder().labels(s.labels()).value(s.value()).build())));
        return family.build();
    }

    private static GaugeSnapshot gauge(Metric metric, Map<String, String> hash) {
        var family = GaugeSnapshot.builder().name(metric.metricName()).help(metric.help());
        hash.forEach((field, value) -> series(metric, field, value).ifPresent(s -> family.dataPoint(
                GaugeDataPointSnapshot.builder().labels(s.labels()).value(s.value()).build())));
        return family.build();
    }

    /** A field that does not decode to the metric's labels, or a value that is not a number, is skipped and logged. */
    private static java.util.Optional<Series> series(Metric metric, String field, String value) {
        try {
            List<String> labelValues = MetricsLayout.decodeField(field);
            if (labelValues.size() != metric.labelNames().size()) {
                throw new IllegalArgumentException("expected " + metric.labelNames().size() + " label values, got " + labelValues.size());
            }
            double number = Double.parseDouble(value);
            if (Double.isNaN(number) || (metric.type() != wis2.gc.model.MetricType.GAUGE && number < 0)) {
                throw new IllegalArgumentException("value out of range");
            }
            return java.util.Optional.of(new Series(Labels.of(metric.labelNames(), labelValues), number));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "skipping unreadable series in " + MetricsLayout.key(metric) + ": " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private record Series(Labels labels, double value) {
    }
}
