package wis2.gc.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wis2.gc.testing.Resources;

class MetricTest {

    /** Rows of a WMO metric table: name, label names, description. */
    private static List<String[]> rows(String csv) {
        return new String(Resources.bytes("metrics/" + csv), UTF_8).lines().skip(1).filter(l -> !l.isBlank())
                .map(l -> {
                    // Name,Labels,Description,Child,Initialize; descriptions contain no quotes but may contain commas
                    String[] f = l.split(",");
                    String description = String.join(",", Arrays.copyOfRange(f, 2, f.length - 2));
                    return new String[] {f[0], f[1], description};
                })
                .toList();
    }

    private static Metric byName(String name) {
        return Arrays.stream(Metric.values()).filter(m -> m.metricName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Metric for " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gc.csv", "gc-pre-2026-01-20.csv"})
    void everyWmoMetricIsDefinedWithItsHelpAndLabels(String csv) {
        List<String[]> rows = rows(csv);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(4);
        for (String[] row : rows) {
            Metric m = byName(row[0]);
            assertThat(m.help()).isEqualTo(row[2]);
            assertThat(m.labelNames()).containsAll(List.of(row[1].split("\\|")));
            assertThat(m.type()).isEqualTo(row[0].endsWith("_total") ? Metric.Type.COUNTER : Metric.Type.GAUGE);
        }
    }

    @Test
    void preSetLabelsAreExactAndDownloadErrorsCarryTheSuperset() {
        for (String[] row : rows("gc-pre-2026-01-20.csv")) {
            assertThat(byName(row[0]).labelNames()).containsExactly(row[1].split("\\|"));
        }
        assertThat(Metric.DOWNLOADED_ERRORS_TOTAL.labelNames()).containsExactly("centre_id", "dataserver", "report_by");
    }

    @Test
    void gcMetrics() {
        assertThat(Metric.GC_OUTCOMES_TOTAL.metricName()).isEqualTo("gc_outcomes_total");
        assertThat(Metric.GC_OUTCOMES_TOTAL.labelNames()).containsExactly("centre_id", "report_by", "outcome");
        assertThat(Metric.GC_CACHE_DELAY_SECONDS.metricName()).isEqualTo("gc_cache_delay_seconds");
        assertThat(Metric.GC_CACHE_DELAY_SECONDS.type()).isEqualTo(Metric.Type.HISTOGRAM);
        assertThat(Metric.GC_CACHE_DELAY_SECONDS.labelNames()).containsExactly("centre_id", "report_by");
        assertThat(MetricsLayout.DELAY_BUCKETS)
                .contains(1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)
                .isSorted().last().isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void outcomeLabelsAreSnakeCase() {
        assertThat(Arrays.stream(Outcome.values()).map(Outcome::label))
                .containsExactly("cached", "passed_through", "duplicate",
                "ignored", "invalid", "refused", "download_failed", "integrity_failed");
    }
}
