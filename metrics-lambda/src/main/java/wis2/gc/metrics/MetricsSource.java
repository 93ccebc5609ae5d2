package wis2.gc.metrics;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** One scrape's worth of metric families. */
interface MetricsSource {

    /** @throws MetricsUnavailableException when the store of the counters cannot be read */
    MetricSnapshots scrape();
}
