package wis2.gc.model;

import java.util.List;

/**
 * Every metric the cache emits: the WMO Global Cache metrics of the current set
 * ({@code metrics/gc.csv}) and of the older set the official tests still read
 * ({@code metrics/gc-pre-2026-01-20.csv}), plus the cache's own {@code gc_} metrics. Names and
 * help texts are the WMO ones verbatim.
 *
 * <p>{@code wmo_wis2_gc_downloaded_errors_total} has {@code centre_id, report_by} in the current
 * set and adds {@code dataserver} in the older one; one family cannot have both, so it carries
 * the superset: a query by {@code centre_id} and {@code report_by} still sums correctly.
 */
public enum Metric {
    DOWNLOADED_TOTAL("wmo_wis2_gc_downloaded_total", Type.COUNTER,
            "Number of data items downloaded to Global Cache", Labels.CENTRE),
    DOWNLOADED_ERRORS_TOTAL("wmo_wis2_gc_downloaded_errors_total", Type.COUNTER,
            "Number of download errors for Global Cache data", Labels.DATASERVER),
    LAST_DOWNLOAD_TIMESTAMP_SECONDS("wmo_wis2_gc_last_download_timestamp_seconds", Type.GAUGE,
            "Timestamp of last succesful download", Labels.CENTRE),
    INTEGRITY_FAILED_TOTAL("wmo_wis2_gc_integrity_failed_total", Type.COUNTER,
            "Number of messages for which the integrity check failed", Labels.CENTRE),
    DATASERVER_STATUS_FLAG("wmo_wis2_gc_dataserver_status_flag", Type.GAUGE,
            "Status of WIS2 Node dataserver (1-up and 0-down)", Labels.DATASERVER),
    DATASERVER_LAST_DOWNLOAD_TIMESTAMP_SECONDS("wmo_wis2_gc_dataserver_last_download_timestamp_seconds", Type.GAUGE,
            "Timestamp of last succesful download", Labels.DATASERVER),
    NO_CACHE_TOTAL("wmo_wis2_gc_no_cache_total", Type.COUNTER,
            "Number of data objects that Global Cache has been requested not to cache (based on the "
            + "properties.cache flag)",
            Labels.CENTRE),
    CACHE_OVERRIDE_TOTAL("wmo_wis2_gc_cache_override_total", Type.COUNTER,
            "Number of messages for which the Global Cache overrides the cache flag", Labels.CENTRE),
    LAST_METADATA_TIMESTAMP_SECONDS("wmo_wis2_gc_last_metadata_timestamp_seconds", Type.GAUGE,
            "Timestamp of last GDC metadata package resource processed", Labels.CENTRE),
    GC_OUTCOMES_TOTAL("gc_outcomes_total", Type.COUNTER,
            "Messages received by this Global Cache, by what became of them",
            List.of("centre_id", "report_by", "outcome")),
    GC_CACHE_DELAY_SECONDS("gc_cache_delay_seconds", Type.HISTOGRAM,
            "Seconds from a message's pubtime to its republication by this Global Cache", Labels.CENTRE),
    GC_OWN_NETWORK_FAULTS_TOTAL("gc_own_network_faults_total", Type.COUNTER,
            "Records failed for retry because this Global Cache's own network could not reach any source",
            List.of("report_by")),
    GC_BACKFILL_WINDOWS_TOTAL("gc_backfill_windows_total", Type.COUNTER,
            "Backfill windows asked of the Global Replay service, by result (fetched, failed, skipped, truncated)",
            List.of("report_by", "result")),
    GC_BACKFILL_NOTIFICATIONS_TOTAL("gc_backfill_notifications_total", Type.COUNTER,
            "Notifications the Global Replay service returned during backfill, by stage (found, matched, enqueued)",
            List.of("report_by", "stage"));

    /** The OpenMetrics type. */
    public enum Type {
        COUNTER, GAUGE, HISTOGRAM
    }

    private static final class Labels {
        static final List<String> CENTRE = List.of("centre_id", "report_by");
        static final List<String> DATASERVER = List.of("centre_id", "dataserver", "report_by");
    }

    private final String metricName;
    private final Type type;
    private final String help;
    private final List<String> labelNames;

    Metric(String metricName, Type type, String help, List<String> labelNames) {
        this.metricName = metricName;
        this.type = type;
        this.help = help;
        this.labelNames = labelNames;
    }

    /** The sample name, e.g. {@code wmo_wis2_gc_downloaded_total} (counters keep their {@code _total}). */
    public String metricName() {
        return metricName;
    }

    public Type type() {
        return type;
    }

    public String help() {
        return help;
    }

    /** Label names in the order of every label-value list of this metric. */
    public List<String> labelNames() {
        return labelNames;
    }
}
