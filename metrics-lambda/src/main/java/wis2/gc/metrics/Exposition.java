package wis2.gc.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two text formats a scraper may ask for: OpenMetrics 1.0 when its Accept header names
 * {@code application/openmetrics-text}, the Prometheus text format 0.0.4 otherwise.
 */
enum Exposition {
    PROMETHEUS(PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build()),
    OPENMETRICS(OpenMetricsTextFormatWriter.builder().setCreatedTimestampsEnabled(false).build());

    private final ExpositionFormatWriter writer;

    Exposition(ExpositionFormatWriter writer) {
        this.writer = writer;
    }

    static Exposition forAccept(String accept) {
        return OPENMETRICS.writer.accepts(accept) ? OPENMETRICS : PROMETHEUS;
    }

    String contentType() {
        return writer.getContentType();
    }

    String render(MetricSnapshots snapshots) {
        var out = new ByteArrayOutputStream(8192);
        try {
            // every name is a classic Prometheus name already; no scraper-chosen escaping needed
            writer.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
