package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTextTest {
    private static final String TEXT = """
            # TYPE wmo_wis2_gc_downloaded counter
            wmo_wis2_gc_downloaded_total{centre_id="a-b",report_by="x"} 3.0
            wmo_wis2_gc_downloaded_total{centre_id="c-d",report_by="x"} 5
            wmo_wis2_gc_downloaded_total{report_by="x",centre_id="a-b",dataserver="h"} 2.0 1700000000.000
            wmo_wis2_gc_downloaded_errors_total{centre_id="a-b",report_by="x"} 7
            gc_outcomes_total{centre_id="a-b",outcome="duplicate",report_by="x"} 4
            gc_outcomes_total{centre_id="a-b",outcome="cached",report_by="x"} 9
            """;

    @Test
    void sum_addsTheSeriesOfOneMetricAndLabel_ignoringTimestampsAndOtherMetrics() {
        assertThat(MetricsText.sum(TEXT, "wmo_wis2_gc_downloaded_total", "centre_id", "a-b")).isEqualTo(5.0);
        assertThat(MetricsText.sum(TEXT, "wmo_wis2_gc_downloaded_errors_total", "centre_id", "a-b")).isEqualTo(7.0);
        assertThat(MetricsText.sum(TEXT, "wmo_wis2_gc_integrity_failed_total", "centre_id", "a-b")).isZero();
    }

    @Test
    void sum_requiresEveryLabelPair() {
        assertThat(MetricsText.sum(TEXT, "gc_outcomes_total", "centre_id", "a-b", "outcome", "duplicate"))
                .isEqualTo(4.0);
        assertThat(MetricsText.sum(TEXT, "gc_outcomes_total", "centre_id", "a-b")).isEqualTo(13.0);
    }
}
