package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import wis2.gc.model.MetricsLayout.HashCommand;
import wis2.gc.model.MetricsLayout.HashCommand.Op;
import wis2.gc.model.MetricsLayout.HistogramField;

class MetricsLayoutTest {

    private static final List<String> HOSTILE =
            List.of("", "ca-eccc-msc", "a|b", "a=b", "le=1", "_sum", "\"q\"", "new\nline",
            "tab\t", "%41", "%", "中文🌧", "a\\b", "|", "||", "{}", "a,b", "x".repeat(300));

    @Test
    void key_isOneHashPerMetric() {
        assertThat(MetricsLayout.key(Metric.DOWNLOADED_TOTAL)).isEqualTo("gc:metric:wmo_wis2_gc_downloaded_total");
        assertThat(Arrays.stream(Metric.values()).map(MetricsLayout::key).distinct()).hasSize(Metric.values().length);
    }

    @Test
    void encodeField_isReversibleAndInjectiveForAnyLabelValues() {
        var fields = new HashSet<String>();
        for (String a : HOSTILE) {
            for (String b : HOSTILE) {
                List<String> values = List.of(a, b, "jp-jma-global-cache");
                String field = MetricsLayout.encodeField(values);
                assertThat(MetricsLayout.decodeField(field)).isEqualTo(values);
                assertThat(field).doesNotContain("=", "\n", "\"").matches("[\\x21-\\x7e]*");
                assertThat(fields.add(field)).as("unique field for %s", values).isTrue();
            }
        }
        assertThat(MetricsLayout.encodeField(List.of("ca-eccc-msc", "xx-example-global-cache")))
                .isEqualTo("ca-eccc-msc|xx-example-global-cache");
    }

    @Test
    void encodeField_refusesNoValuesAndNull() {
        assertThatThrownBy(() -> MetricsLayout.encodeField(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricsLayout.encodeField(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> MetricsLayout.decodeField("a%4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commands_counterGaugeAndHistogram() {
        List<String> labels = List.of("c|1", "gc");
        String field = MetricsLayout.encodeField(labels);
        assertThat(MetricsLayout.commands(
                new MetricUpdate(Metric.DOWNLOADED_TOTAL, labels, MetricUpdate.Kind.INCREMENT, 1)))
                .containsExactly(new HashCommand(Op.HINCRBY, "gc:metric:wmo_wis2_gc_downloaded_total", field, "1"));
        assertThat(MetricsLayout.commands(
                new MetricUpdate(Metric.DOWNLOADED_TOTAL, labels, MetricUpdate.Kind.INCREMENT, 0.25)))
                .containsExactly(new HashCommand(Op.HINCRBYFLOAT, "gc:metric:wmo_wis2_gc_downloaded_total", field,
                "0.25"));
        assertThat(MetricsLayout.commands(
                new MetricUpdate(Metric.LAST_DOWNLOAD_TIMESTAMP_SECONDS, labels, MetricUpdate.Kind.SET, 1735689600.5)))
                .containsExactly(new HashCommand(Op.HSET, "gc:metric:wmo_wis2_gc_last_download_timestamp_seconds",
                field, "1735689600.5"));
        String key = "gc:metric:gc_cache_delay_seconds";
        assertThat(MetricsLayout.commands(
                new MetricUpdate(Metric.GC_CACHE_DELAY_SECONDS, labels, MetricUpdate.Kind.OBSERVE, 3.5)))
                .containsExactly(
                        new HashCommand(Op.HINCRBY, key, field + "|le=5", "1"),
                        new HashCommand(Op.HINCRBYFLOAT, key, field + "|_sum", "3.5"),
                        new HashCommand(Op.HINCRBY, key, field + "|_count", "1"));
    }

    @Test
    void histogramBuckets() {
        assertThat(MetricsLayout.bucketFor(0)).isEqualTo(0.5);
        assertThat(MetricsLayout.bucketFor(1)).isEqualTo(1.0);
        assertThat(MetricsLayout.bucketFor(1.0001)).isEqualTo(2.0);
        assertThat(MetricsLayout.bucketFor(3600)).isEqualTo(3600.0);
        assertThat(MetricsLayout.bucketFor(86400)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(MetricsLayout.formatBound(0.5)).isEqualTo("0.5");
        assertThat(MetricsLayout.formatBound(1800)).isEqualTo("1800");
        assertThat(MetricsLayout.formatBound(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void decodeHistogramField_readsEveryFieldTheCommandsWrite() {
        List<String> labels = List.of("le=|_sum", "gc");
        for (double v : new double[] {0.1, 7, 1e6}) {
            for (HashCommand c : MetricsLayout.commands(
                    new MetricUpdate(Metric.GC_CACHE_DELAY_SECONDS, labels, MetricUpdate.Kind.OBSERVE, v))) {
                HistogramField f = MetricsLayout.decodeHistogramField(Metric.GC_CACHE_DELAY_SECONDS, c.field());
                assertThat(f.labelValues()).isEqualTo(labels);
                switch (f.part()) {
                    case BUCKET -> assertThat(f.le()).isEqualTo(MetricsLayout.bucketFor(v));
                    case SUM -> assertThat(c.value()).isEqualTo(MetricsLayout.formatBound(v));
                    case COUNT -> assertThat(c.value()).isEqualTo("1");
                }
            }
        }
    }

    @Test
    void decodeHistogramField_refusesOtherFields() {
        assertThatThrownBy(() -> MetricsLayout.decodeHistogramField(Metric.DOWNLOADED_TOTAL, "a|b|_sum"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricsLayout.decodeHistogramField(Metric.GC_CACHE_DELAY_SECONDS, "nobar"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricsLayout.decodeHistogramField(Metric.GC_CACHE_DELAY_SECONDS, "a|_sum"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricsLayout.decodeHistogramField(Metric.GC_CACHE_DELAY_SECONDS, "a|b|max"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metricUpdate_validatesLabelsKindAndValue() {
        assertThatThrownBy(() -> new MetricUpdate(Metric.DOWNLOADED_TOTAL, List.of("a"), MetricUpdate.Kind.INCREMENT,
                1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wmo_wis2_gc_downloaded_total");
        assertThatThrownBy(() -> new MetricUpdate(Metric.DOWNLOADED_TOTAL, List.of("a", "b"), MetricUpdate.Kind.SET, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetricUpdate(Metric.DOWNLOADED_TOTAL, List.of("a", "b"),
                MetricUpdate.Kind.INCREMENT, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetricUpdate(Metric.DATASERVER_STATUS_FLAG, List.of("a", "b", "c"),
                MetricUpdate.Kind.SET, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetricUpdate(Metric.GC_CACHE_DELAY_SECONDS, List.of("a", "b"),
                MetricUpdate.Kind.INCREMENT, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
