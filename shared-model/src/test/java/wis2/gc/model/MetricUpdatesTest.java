package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import wis2.gc.model.MetricUpdate.Kind;
import wis2.gc.testing.Resources;
import wis2.gc.testing.Wnm;

class MetricUpdatesTest {

    private static final String GC = "xx-example-global-cache";
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00.250Z");
    private static final double NOW_SECONDS = 1735689600.25;
    private static final Topic ORIGIN = Topic.parse("origin/a/wis2/de-dwd/data/core/weather");
    private static final Topic FROM_CACHE = Topic.parse("cache/a/wis2/de-dwd/data/core/weather");
    private static final Notification N = Notification.parse(Wnm.resource("messages/rich.json").edit(t -> { }).bytes());
    private static final List<String> LABELS = List.of("de-dwd", GC);
    private static final List<String> SERVER = List.of("de-dwd", "data.example.org", GC);

    private static MetricUpdate inc(Metric m, List<String> labels) {
        return new MetricUpdate(m, labels, Kind.INCREMENT, 1);
    }

    private static MetricUpdate outcome(Outcome o) {
        return inc(Metric.GC_OUTCOMES_TOTAL, List.of("de-dwd", GC, o.label()));
    }

    @Test
    void cached_countsDownloadSetsTimestampsAndStatusAndObservesDelay() {
        assertThat(MetricUpdates.forOutcome(Outcome.CACHED, ORIGIN, N, "data.example.org", GC, NOW,
                Duration.ofMillis(2500)))
                .containsExactly(
                        inc(Metric.DOWNLOADED_TOTAL, LABELS),
                        new MetricUpdate(Metric.LAST_DOWNLOAD_TIMESTAMP_SECONDS, LABELS, Kind.SET, NOW_SECONDS),
                        new MetricUpdate(Metric.DATASERVER_STATUS_FLAG, SERVER, Kind.SET, 1),
                        new MetricUpdate(Metric.DATASERVER_LAST_DOWNLOAD_TIMESTAMP_SECONDS, SERVER, Kind.SET,
                        NOW_SECONDS),
                        outcome(Outcome.CACHED),
                        new MetricUpdate(Metric.GC_CACHE_DELAY_SECONDS, LABELS, Kind.OBSERVE, 2.5));
    }

    @Test
    void cached_fromInlineContentHasNoDataserverSeries() {
        assertThat(MetricUpdates.forOutcome(Outcome.CACHED, ORIGIN, N, null, GC, NOW, null)).containsExactly(
                inc(Metric.DOWNLOADED_TOTAL, LABELS),
                new MetricUpdate(Metric.LAST_DOWNLOAD_TIMESTAMP_SECONDS, LABELS, Kind.SET, NOW_SECONDS),
                outcome(Outcome.CACHED));
    }

    @Test
    void cached_metadataSetsTheMetadataTimestamp() {
        Topic metadata = Topic.parse("origin/a/wis2/de-dwd/metadata/core");
        assertThat(MetricUpdates.forOutcome(Outcome.CACHED, metadata, N, null, GC, NOW, null))
                .contains(new MetricUpdate(Metric.LAST_METADATA_TIMESTAMP_SECONDS, LABELS, Kind.SET, NOW_SECONDS));
    }

    @Test
    void downloadFailed_countsErrorAndSetsStatusDown() {
        assertThat(MetricUpdates.forOutcome(Outcome.DOWNLOAD_FAILED, ORIGIN, N, "data.example.org", GC, NOW,
                Duration.ofSeconds(1)))
                .containsExactly(
                        inc(Metric.DOWNLOADED_ERRORS_TOTAL, SERVER),
                        new MetricUpdate(Metric.DATASERVER_STATUS_FLAG, SERVER, Kind.SET, 0),
                        outcome(Outcome.DOWNLOAD_FAILED));
        assertThat(MetricUpdates.forOutcome(Outcome.DOWNLOAD_FAILED, ORIGIN, N, null, GC, NOW, null))
                .containsExactly(inc(Metric.DOWNLOADED_ERRORS_TOTAL, List.of("de-dwd", "", GC)),
                outcome(Outcome.DOWNLOAD_FAILED));
    }

    @Test
    void integrityFailed_countsAndSetsStatusDown() {
        assertThat(MetricUpdates.forOutcome(Outcome.INTEGRITY_FAILED, ORIGIN, N, "data.example.org", GC, NOW, null))
                .containsExactly(
                        inc(Metric.INTEGRITY_FAILED_TOTAL, LABELS),
                        new MetricUpdate(Metric.DATASERVER_STATUS_FLAG, SERVER, Kind.SET, 0),
                        outcome(Outcome.INTEGRITY_FAILED));
        assertThat(MetricUpdates.forOutcome(Outcome.INTEGRITY_FAILED, ORIGIN, N, null, GC, NOW, null))
                .containsExactly(inc(Metric.INTEGRITY_FAILED_TOTAL, LABELS), outcome(Outcome.INTEGRITY_FAILED));
    }

    @Test
    void passedThrough_countsNoCacheOnlyForCacheFalse() {
        Notification noCache = Notification.parse(Resources.bytes("examples/valid/" + "wnm-example3.json"));
        Notification deletionNoCache = Notification.parse(Resources.bytes("examples/valid/" + "wnm-example4.json"));
        Topic topic = Topic.parse("origin/a/wis2/de-dwd/data/core");
        assertThat(MetricUpdates.forOutcome(Outcome.PASSED_THROUGH, topic, noCache, null, GC, NOW,
                Duration.ofSeconds(-3)))
                .containsExactly(inc(Metric.NO_CACHE_TOTAL, LABELS), outcome(Outcome.PASSED_THROUGH),
                        new MetricUpdate(Metric.GC_CACHE_DELAY_SECONDS, LABELS, Kind.OBSERVE, 0));
        assertThat(MetricUpdates.forOutcome(Outcome.PASSED_THROUGH, topic, deletionNoCache, null, GC, NOW, null))
                .containsExactly(inc(Metric.NO_CACHE_TOTAL, LABELS), outcome(Outcome.PASSED_THROUGH));
        Notification deletion = Notification.parse(Wnm.resource("messages/rich.json")
                .edit(t -> Wnm.link(t, 1).put("rel", "deletion")).bytes());
        assertThat(MetricUpdates.forOutcome(Outcome.PASSED_THROUGH, topic, deletion, null, GC, NOW, null))
                .containsExactly(outcome(Outcome.PASSED_THROUGH));
    }

    @Test
    void refused_countsCacheOverride() {
        assertThat(MetricUpdates.forOutcome(Outcome.REFUSED, ORIGIN, N, null, GC, NOW, Duration.ofSeconds(4)))
                .containsExactly(inc(Metric.CACHE_OVERRIDE_TOTAL, LABELS), outcome(Outcome.REFUSED),
                        new MetricUpdate(Metric.GC_CACHE_DELAY_SECONDS, LABELS, Kind.OBSERVE, 4));
    }

    @Test
    void duplicateIgnoredInvalid_countOnlyTheOutcome() {
        assertThat(MetricUpdates.forOutcome(Outcome.DUPLICATE, ORIGIN, N, null, GC, NOW, Duration.ofSeconds(1)))
                .containsExactly(outcome(Outcome.DUPLICATE));
        assertThat(MetricUpdates.forOutcome(Outcome.IGNORED, ORIGIN, N, null, GC, NOW, null))
                .containsExactly(outcome(Outcome.IGNORED));
        assertThat(MetricUpdates.forOutcome(Outcome.INVALID, ORIGIN, null, null, GC, NOW, null))
                .containsExactly(outcome(Outcome.INVALID));
        assertThatThrownBy(() -> MetricUpdates.forOutcome(Outcome.CACHED, ORIGIN, null, null, GC, NOW, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cached");
    }

    @Test
    void centreId_isTheIncomingGlobalCacheForItemsFromAnotherCache() {
        Notification relayed = Notification.parse(Wnm.resource("messages/rich.json")
                .edit(t -> Wnm.properties(t).put("global-cache", "jp-jma-global-cache")).bytes());
        assertThat(MetricLabels.centreId(FROM_CACHE, relayed)).isEqualTo("jp-jma-global-cache");
        assertThat(MetricLabels.centreId(ORIGIN, relayed)).isEqualTo("de-dwd");
        assertThat(MetricLabels.centreId(FROM_CACHE, N)).isEqualTo("de-dwd");
        assertThat(MetricLabels.centreId(FROM_CACHE, null)).isEqualTo("de-dwd");
        assertThat(MetricUpdates.forOutcome(Outcome.CACHED, FROM_CACHE, relayed, null, GC, NOW, null))
                .first().isEqualTo(inc(Metric.DOWNLOADED_TOTAL, List.of("jp-jma-global-cache", GC)));
    }
}
