package wis2.gc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static wis2.gc.metrics.OpenMetricsGrammar.value;
import static wis2.gc.model.MetricUpdate.Kind.INCREMENT;
import static wis2.gc.model.MetricUpdate.Kind.OBSERVE;
import static wis2.gc.model.MetricUpdate.Kind.SET;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricsLayout;

class RedisMetricsSourceTest {

    private static final String GC = "xx-example-global-cache";

    private final InMemoryHashes redis = new InMemoryHashes();
    private final RedisMetricsSource source = new RedisMetricsSource(redis);

    @Test
    void scrape_readsEveryMetricHashInOneBatch() {
        source.scrape();

        assertThat(redis.reads).singleElement().satisfies(keys -> assertThat(keys)
                .containsExactlyElementsOf(Arrays.stream(Metric.values()).map(MetricsLayout::key).toList()));
    }

    @Test
    void emptyStore_rendersNoFamily() {
        assertThat(Exposition.OPENMETRICS.render(source.scrape())).isEqualTo("# EOF\n");
    }

    @Test
    void countersAndGauges_keepTheirTypeHelpLabelsAndValues() {
        redis.apply(update(Metric.DOWNLOADED_TOTAL, INCREMENT, 1, "de-dwd", GC))
                .apply(update(Metric.DOWNLOADED_TOTAL, INCREMENT, 1, "de-dwd", GC))
                .apply(update(Metric.DOWNLOADED_TOTAL, INCREMENT, 1, "fr-meteofrance", GC))
                .apply(update(Metric.DATASERVER_STATUS_FLAG, SET, 0, "de-dwd", "opendata.dwd.de", GC))
                .apply(update(Metric.LAST_DOWNLOAD_TIMESTAMP_SECONDS, SET, 1795597200.25, "de-dwd", GC));

        String text = Exposition.OPENMETRICS.render(source.scrape());
        var samples = OpenMetricsGrammar.check(text);

        assertThat(text)
                .contains("# TYPE wmo_wis2_gc_downloaded counter\n")
                .contains("# HELP wmo_wis2_gc_downloaded Number of data items downloaded to Global Cache\n")
                .contains("# TYPE wmo_wis2_gc_dataserver_status_flag gauge\n")
                .contains("# TYPE wmo_wis2_gc_last_download_timestamp_seconds gauge\n");
        assertThat(value(samples, "wmo_wis2_gc_downloaded_total", Map.of("centre_id", "de-dwd", "report_by", GC)))
                .isEqualTo(2);
        assertThat(value(samples, "wmo_wis2_gc_downloaded_total",
                Map.of("centre_id", "fr-meteofrance", "report_by", GC))).isEqualTo(1);
        assertThat(value(samples, "wmo_wis2_gc_dataserver_status_flag",
                Map.of("centre_id", "de-dwd", "dataserver", "opendata.dwd.de", "report_by", GC))).isZero();
        assertThat(value(samples, "wmo_wis2_gc_last_download_timestamp_seconds",
                Map.of("centre_id", "de-dwd", "report_by", GC))).isEqualTo(1795597200.25);
    }

    @Test
    void histogram_isCumulative_withTheSensorCentreThresholds() {
        for (double delay : new double[] {50, 200, 250, 700, 5000}) {
            redis.apply(update(Metric.GC_CACHE_DELAY_SECONDS, OBSERVE, delay, "de-dwd", GC));
        }

        String text = Exposition.OPENMETRICS.render(source.scrape());
        var samples = OpenMetricsGrammar.check(text);
        var labels = Map.of("centre_id", "de-dwd", "report_by", GC);

        assertThat(text).contains("# TYPE gc_cache_delay_seconds histogram\n");
        assertThat(bucket(samples, "30.0")).isZero();
        assertThat(bucket(samples, "60.0")).isEqualTo(1);
        assertThat(bucket(samples, "120.0")).isEqualTo(1);
        assertThat(bucket(samples, "300.0")).isEqualTo(3);
        assertThat(bucket(samples, "600.0")).isEqualTo(3);
        assertThat(bucket(samples, "1800.0")).isEqualTo(4);
        assertThat(bucket(samples, "+Inf")).isEqualTo(5);
        assertThat(value(samples, "gc_cache_delay_seconds_count", labels)).isEqualTo(5);
        assertThat(value(samples, "gc_cache_delay_seconds_sum", labels)).isEqualTo(6200);
    }

    @Test
    void labelValues_surviveEncodingAndEscaping() {
        String odd = "a\"b\\c\nd|e=f%g é";
        redis.apply(update(Metric.GC_OUTCOMES_TOTAL, INCREMENT, 1, odd, GC, "cached"));

        var samples = OpenMetricsGrammar.check(Exposition.OPENMETRICS.render(source.scrape()));

        assertThat(value(samples, "gc_outcomes_total", Map.of("centre_id", odd, "report_by", GC, "outcome", "cached")))
                .isEqualTo(1);
    }

    @Test
    void damagedFields_areSkipped_andTheRestStillRenders() {
        String key = MetricsLayout.key(Metric.DOWNLOADED_TOTAL);
        redis.apply(update(Metric.DOWNLOADED_TOTAL, INCREMENT, 1, "de-dwd", GC))
                .put(key, "only-one-label", "3")
                .put(key, "bad%G1|" + GC, "3")
                .put(key, "fr|" + GC, "three")
                .put(key, "it|" + GC, "-1")
                .put(key, "de-dwd|" + GC + "|extra", "3")
                .put(key, "d%65-dwd|" + GC, "9") // a second spelling of de-dwd: kept once
                .apply(update(Metric.GC_CACHE_DELAY_SECONDS, OBSERVE, 3, "de-dwd", GC))
                .put(MetricsLayout.key(Metric.GC_CACHE_DELAY_SECONDS), "de-dwd|" + GC + "|nonsense", "1")
                .put(MetricsLayout.key(Metric.GC_CACHE_DELAY_SECONDS), "it|" + GC + "|le=NaN", "1")
                .put(MetricsLayout.key(Metric.GC_CACHE_DELAY_SECONDS), "fr|" + GC + "|le=-Infinity", "1")
                .put(MetricsLayout.key(Metric.DATASERVER_STATUS_FLAG), "c|h|" + GC, "NaN");

        String text = Exposition.OPENMETRICS.render(source.scrape());
        var samples = OpenMetricsGrammar.check(text);

        assertThat(samples).filteredOn(s -> s.family().equals("wmo_wis2_gc_downloaded"))
                .singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("centre_id", "de-dwd"));
        assertThat(samples).noneMatch(s -> s.family().equals("wmo_wis2_gc_dataserver_status_flag"));
        assertThat(samples).filteredOn(s -> s.family().equals("gc_cache_delay_seconds"))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("centre_id", "de-dwd"))
                .isNotEmpty();
    }

    private static MetricUpdate update(Metric metric, MetricUpdate.Kind kind, double value, String... labels) {
        return new MetricUpdate(metric, List.of(labels), kind, value);
    }

    private static double bucket(List<OpenMetricsGrammar.Sample> samples, String le) {
        return value(samples, "gc_cache_delay_seconds_bucket",
                Map.of("centre_id", "de-dwd", "report_by", GC, "le", le));
    }
}
