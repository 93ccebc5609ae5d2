package wis2.gc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {

    private static final String PROMETHEUS_SERVER_ACCEPT =
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static final MetricSnapshots SNAPSHOTS = MetricSnapshots.of(
            CounterSnapshot.builder().name("wmo_wis2_gc_downloaded").help("Number of data items downloaded")
                    .dataPoint(CounterDataPointSnapshot.builder()
                            .labels(Labels.of("centre_id", "a\"b\\c\nd", "report_by", "xx-gc")).value(3).build())
                    .build(),
            HistogramSnapshot.builder().name("gc_cache_delay_seconds").help("Delay")
                    .dataPoint(HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(
                                    new double[] {120, 300, Double.POSITIVE_INFINITY}, new long[] {1, 2, 1}))
                            .sum(900).build())
                    .build());

    @Test
    void forAccept_choosesOpenMetricsOnlyWhenAskedFor() {
        assertThat(Exposition.forAccept(null)).isEqualTo(Exposition.PROMETHEUS);
        assertThat(Exposition.forAccept("*/*")).isEqualTo(Exposition.PROMETHEUS);
        assertThat(Exposition.forAccept("text/plain; version=0.0.4")).isEqualTo(Exposition.PROMETHEUS);
        assertThat(Exposition.forAccept("text/html,application/xhtml+xml")).isEqualTo(Exposition.PROMETHEUS);
        assertThat(Exposition.forAccept(PROMETHEUS_SERVER_ACCEPT)).isEqualTo(Exposition.OPENMETRICS);
        assertThat(Exposition.forAccept("application/openmetrics-text; version=1.0.0; charset=utf-8"))
                .isEqualTo(Exposition.OPENMETRICS);
    }

    @Test
    void contentTypes_areTheStandardOnes() {
        assertThat(Exposition.PROMETHEUS.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(Exposition.OPENMETRICS.contentType())
                .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    }

    @Test
    void openMetrics_isStrictlyValid_escapesLabelValues_andEndsWithEof() {
        String text = Exposition.OPENMETRICS.render(SNAPSHOTS);

        var samples = OpenMetricsGrammar.check(text);

        assertThat(text).endsWith("# EOF\n")
                .contains("# TYPE wmo_wis2_gc_downloaded counter\n")
                .contains("centre_id=\"a\\\"b\\\\c\\nd\"");
        assertThat(samples).filteredOn(s -> s.name().equals("wmo_wis2_gc_downloaded_total"))
                .singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("centre_id", "a\"b\\c\nd"))
                .satisfies(s -> assertThat(s.value()).isEqualTo(3.0));
    }

    @Test
    void histogramBuckets_areRenderedCumulative() {
        var samples = OpenMetricsGrammar.check(Exposition.OPENMETRICS.render(SNAPSHOTS));

        assertThat(samples).filteredOn(s -> s.name().equals("gc_cache_delay_seconds_bucket"))
                .extracting(s -> s.labels().get("le") + "=" + s.value())
                .containsExactly("120.0=1.0", "300.0=3.0", "+Inf=4.0");
    }

    @Test
    void prometheusText_namesCountersWithTotal_andHasNoEof() {
        String text = Exposition.PROMETHEUS.render(SNAPSHOTS);

        assertThat(text)
                .contains("# HELP wmo_wis2_gc_downloaded_total Number of data items downloaded\n")
                .contains("# TYPE wmo_wis2_gc_downloaded_total counter\n")
                .contains("wmo_wis2_gc_downloaded_total{centre_id=\"a\\\"b\\\\c\\nd\",report_by=\"xx-gc\"} 3")
                .doesNotContain("# EOF");
    }

    @Test
    void grammarCheck_rejectsWhatTheSpecificationForbids() {
        assertThatThrownBy(() -> OpenMetricsGrammar.check("# TYPE a counter\na_total 1\n"))
                .hasMessageContaining("EOF");
        assertThatThrownBy(() -> OpenMetricsGrammar.check("a_total 1\n# EOF\n"))
                .hasMessageContaining("without TYPE");
        assertThatThrownBy(() -> OpenMetricsGrammar.check("# TYPE a counter\na_total{x=\"\"\"} 1\n# EOF\n"))
                .hasMessageContaining("not a sample");
        assertThatThrownBy(() -> OpenMetricsGrammar.check("# TYPE a counter\na 1\n# EOF\n"))
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> OpenMetricsGrammar.check(
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n# EOF\n"))
                .hasMessageContaining("cumulative");
        assertThatThrownBy(() -> OpenMetricsGrammar.check(
                "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n# EOF\n"))
                .hasMessageContaining("interleaved");
        assertThatThrownBy(() -> OpenMetricsGrammar.check("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n# EOF\n"))
                .hasMessageContaining("duplicate");
        assertThat(OpenMetricsGrammar.check("# TYPE a gauge\na{x=\"q\\\"\"} 1\n# EOF\n"))
                .singleElement().satisfies(s -> assertThat(s.labels()).isEqualTo(Map.of("x", "q\"")));
    }
}
