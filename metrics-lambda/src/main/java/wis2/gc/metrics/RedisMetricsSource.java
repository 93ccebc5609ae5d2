package wis2.gc.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricsLayout.HistogramField;
import wis2.gc.model.MetricsLayout;

/**
 * Builds the metric families from the hashes the manager writes (layout: {@link MetricsLayout}).
 * One HGETALL per metric, all in one pipelined batch: a scrape costs the same number of commands
 * for one centre or five hundred. A field or value that cannot be read is skipped and logged, so
 * one damaged series never hides the others.
 */
final class RedisMetricsSource implements MetricsSource {

    private static final Logger LOG = LoggerFactory.getLogger(RedisMetricsSource.class);
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
            // series appear on first use: a metric nobody wrote yet is left out, not shown as zero
            if (!hash.isEmpty()) {
                families.add(switch (metric.type()) {
                    case COUNTER -> counter(metric, hash);
                    case GAUGE -> gauge(metric, hash);
                    case HISTOGRAM -> histogram(metric, hash);
                });
            }
        }
        return new MetricSnapshots(families);
    }

    private static CounterSnapshot counter(Metric metric, Map<String, String> hash) {
        // the model holds the family name; the writers put the _total back on the sample
        var family = CounterSnapshot.builder()
                .name(metric.metricName().replaceFirst("_total$", ""))
                .help(metric.help());
        series(metric, hash).forEach((labels, value) ->
                family.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
        return family.build();
    }

    private static GaugeSnapshot gauge(Metric metric, Map<String, String> hash) {
        var family = GaugeSnapshot.builder().name(metric.metricName()).help(metric.help());
        series(metric, hash).forEach((labels, value) ->
                family.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
        return family.build();
    }

    /** Counters and gauges: one field per series, the label values encoded in the field. */
    private static Map<Labels, Double> series(Metric metric, Map<String, String> hash) {
        Map<Labels, Double> series = new LinkedHashMap<>();
        hash.forEach((field, value) -> {
            try {
                Labels labels = labels(metric, MetricsLayout.decodeField(field));
                double number = number(value);
                if (metric.type() == Metric.Type.COUNTER && number < 0) {
                    throw new IllegalArgumentException("negative counter value");
                }
                if (series.putIfAbsent(labels, number) != null) {
                    skip(metric, field, "a second field for the same labels");
                }
            } catch (IllegalArgumentException e) {
                skip(metric, field, e.getMessage());
            }
        });
        return series;
    }

    private static HistogramSnapshot histogram(Metric metric, Map<String, String> hash) {
        Map<Labels, Distribution> series = new LinkedHashMap<>();
        hash.forEach((field, value) -> {
            try {
                HistogramField f = MetricsLayout.decodeHistogramField(metric, field);
                Labels labels = labels(metric, f.labelValues());
                // each value is checked before its series exists: a series of damaged fields only stays out
                switch (f.part()) {
                    case BUCKET -> {
                        double le = bound(f.le());
                        long n = count(value);
                        series.computeIfAbsent(labels, l -> new Distribution()).buckets.merge(le, n, Long::sum);
                    }
                    case SUM -> {
                        double sum = number(value);
                        series.computeIfAbsent(labels, l -> new Distribution()).sum = sum;
                    }
                    case COUNT -> {
                        // the count is the sum of the buckets; the stored one only repeats it
                    }
                }
            } catch (IllegalArgumentException e) {
                skip(metric, field, e.getMessage());
            }
        });
        var family = HistogramSnapshot.builder().name(metric.metricName()).help(metric.help());
        series.forEach((labels, d) -> family.dataPoint(d.toDataPoint(labels)));
        return family.build();
    }

    /** One histogram series while its fields are collected: per-bucket (not cumulative) counts and the sum. */
    private static final class Distribution {
        final TreeMap<Double, Long> buckets = new TreeMap<>();
        double sum;

        HistogramDataPointSnapshot toDataPoint(Labels labels) {
            // every configured bound is shown, empty ones too, so scrapes of one series always agree
            for (double bound : MetricsLayout.DELAY_BUCKETS) {
                buckets.putIfAbsent(bound, 0L);
            }
            double[] bounds = buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            long[] counts = buckets.values().stream().mapToLong(Long::longValue).toArray();
            return HistogramDataPointSnapshot.builder()
                    .labels(labels)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                    .sum(sum)
                    .build();
        }
    }

    private static Labels labels(Metric metric, List<String> values) {
        if (values.size() != metric.labelNames().size()) {
            throw new IllegalArgumentException("expected the labels " + metric.labelNames() + ", got " + values.size()
                    + " values");
        }
        return Labels.of(metric.labelNames(), values);
    }

    private static double number(String value) {
        double d = Double.parseDouble(value);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("value is not a finite number");
        }
        return d;
    }

    /** Only the layout's bounds: a histogram whose series disagree on buckets cannot be summed. */
    private static double bound(double le) {
        if (!MetricsLayout.DELAY_BUCKETS.contains(le)) {
            throw new IllegalArgumentException("bucket bound " + le + " is not one of the layout's");
        }
        return le;
    }

    private static long count(String value) {
        long n = Long.parseLong(value);
        if (n < 0) {
            throw new IllegalArgumentException("negative bucket count");
        }
        return n;
    }

    private static void skip(Metric metric, String field, String reason) {
        LOG.warn("skipping series " + field + " of " + MetricsLayout.key(metric) + ": " + reason);
    }
}
