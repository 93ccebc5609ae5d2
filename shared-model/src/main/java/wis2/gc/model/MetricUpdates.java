package wis2.gc.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which series change for one outcome, as a pure function. */
public final class MetricUpdates {

    private MetricUpdates() {
    }

    /**
     * The updates for one message's outcome.
     *
     * @param outcome        what became of the message
     * @param topic          the topic it arrived on
     * @param n              the notification; may be null only for {@link Outcome#INVALID}
     * @param dataserver     host name of the source link when a download was attempted, else null
     *                       (inline content, pass-through)
     * @param cacheCentreId  this cache's centre-id ({@code report_by})
     * @param now            time of the outcome, for the timestamp gauges
     * @param delay          pubtime to republication, observed for republished outcomes
     *                       ({@code cached}, {@code passed_through}, {@code refused}); null to skip.
     *                       A negative delay (clock skew at the source) counts as zero.
     */
    public static List<MetricUpdate> forOutcome(Outcome outcome, Topic topic, Notification n, String dataserver,
            String cacheCentreId, Instant now, Duration delay) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(cacheCentreId, "cacheCentreId");
        Objects.requireNonNull(now, "now");
        if (n == null && outcome != Outcome.INVALID) {
            throw new IllegalArgumentException("outcome " + outcome.label() + " needs the notification");
        }
        String centre = MetricLabels.centreId(topic, n);
        List<String> labels = List.of(centre, cacheCentreId);
        List<String> serverLabels = dataserver == null ? null : List.of(centre, dataserver, cacheCentreId);
        double seconds = now.toEpochMilli() / 1000.0;
        var updates = new ArrayList<MetricUpdate>();
        switch (outcome) {
            case CACHED -> {
                updates.add(increment(Metric.DOWNLOADED_TOTAL, labels));
                updates.add(set(Metric.LAST_DOWNLOAD_TIMESTAMP_SECONDS, labels, seconds));
                if (serverLabels != null) {
                    updates.add(set(Metric.DATASERVER_STATUS_FLAG, serverLabels, 1));
                    updates.add(set(Metric.DATASERVER_LAST_DOWNLOAD_TIMESTAMP_SECONDS, serverLabels, seconds));
                }
                if (topic.type() == Topic.NotificationType.METADATA) {
                    updates.add(set(Metric.LAST_METADATA_TIMESTAMP_SECONDS, labels, seconds));
                }
            }
            case DOWNLOAD_FAILED -> {
                updates.add(increment(Metric.DOWNLOADED_ERRORS_TOTAL,
                        List.of(centre, dataserver == null ? "" : dataserver, cacheCentreId)));
                if (serverLabels != null) {
                    updates.add(set(Metric.DATASERVER_STATUS_FLAG, serverLabels, 0));
                }
            }
            case INTEGRITY_FAILED -> {
                updates.add(increment(Metric.INTEGRITY_FAILED_TOTAL, labels));
                if (serverLabels != null) {
                    updates.add(set(Metric.DATASERVER_STATUS_FLAG, serverLabels, 0));
                }
            }
            case PASSED_THROUGH -> {
                if (!n.cache()) {
                    updates.add(increment(Metric.NO_CACHE_TOTAL, labels));
                }
            }
            case REFUSED -> updates.add(increment(Metric.CACHE_OVERRIDE_TOTAL, labels));
            case DUPLICATE, IGNORED, INVALID -> {
                // counted in gc_outcomes_total only: no WMO metric covers them
            }
        }
        updates.add(new MetricUpdate(Metric.GC_OUTCOMES_TOTAL, List.of(centre, cacheCentreId, outcome.label()),
                MetricUpdate.Kind.INCREMENT, 1));
        boolean republished = outcome == Outcome.CACHED || outcome == Outcome.PASSED_THROUGH
                || outcome == Outcome.REFUSED;
        if (republished && delay != null) {
            double observed = Math.max(0, delay.toNanos() / 1e9);
            updates.add(new MetricUpdate(Metric.GC_CACHE_DELAY_SECONDS, labels, MetricUpdate.Kind.OBSERVE, observed));
        }
        return List.copyOf(updates);
    }

    private static MetricUpdate increment(Metric metric, List<String> labels) {
        return new MetricUpdate(metric, labels, MetricUpdate.Kind.INCREMENT, 1);
    }

    private static MetricUpdate set(Metric metric, List<String> labels, double value) {
        return new MetricUpdate(metric, labels, MetricUpdate.Kind.SET, value);
    }
}
