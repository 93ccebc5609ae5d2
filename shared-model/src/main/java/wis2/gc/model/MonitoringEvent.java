package wis2.gc.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * A WIS2 monitoring event (CloudEvents 1.0 JSON, WME draft), shaped like
 * {@code monitoring-events/wmem-gc-404-report.json}: {@code source} is this cache,
 * {@code subject} the centre the event is about, {@code data.subtype} {@code gc-} plus the
 * severity in lower case. Serialized events never exceed {@link #MAX_BYTES}: the free-text
 * description, then the title, are cut to the longest text that fits, ending in an ellipsis.
 */
public final class MonitoringEvent {

    /** Largest event the WME allows, in bytes. */
    public static final int MAX_BYTES = 8192;
    static final String DATASCHEMA = "https://schemas.wmo.int/wme/1.0.0/schemas/wis2-event-message-bundled.json";
    static final String CONFORMS_TO = "http://wis.wmo.int/spec/wme/1/conf/monitoring-event-message-core";
    private static final String ELLIPSIS = "…";

    /** {@code data.severity}. */
    public enum Severity {
        INFO, WARNING, ERROR, CRITICAL
    }

    private MonitoringEvent() {
    }

    /** The topic to publish an event about {@code sourceCentreId} on: {@code monitor/a/wis2/{centre}}. */
    public static String topic(String sourceCentreId) {
        if (sourceCentreId == null || sourceCentreId.isEmpty() || sourceCentreId.matches(".*[/+#].*")) {
            throw new IllegalArgumentException("centre-id '" + sourceCentreId + "' cannot be a topic level");
        }
        return "monitor/a/wis2/" + sourceCentreId;
    }

    /**
     * The event as compact JSON of at most {@link #MAX_BYTES} bytes.
     *
     * @param id          the event id
     * @param reportBy    this cache's centre-id ({@code source})
     * @param subject     the centre-id the event is about
     * @param time        when it happened (written to the second)
     * @param title       short text, e.g. "Cannot download data granule: https://..."
     * @param description longer free text, or null
     */
    public static byte[] build(UUID id, String reportBy, String subject, Instant time, Severity severity, String title,
            String description) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reportBy, "reportBy");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        IntFunction<byte[]> withDescription = keep ->
                render(id, reportBy, subject, time, severity, title, cut(description, keep));
        if (description != null) {
            byte[] fitted = longestFitting(withDescription, description.length());
            if (fitted != null) {
                return fitted;
            }
        }
        IntFunction<byte[]> withTitle = keep ->
                render(id, reportBy, subject, time, severity, cut(title, keep), description == null ? null : "");
        byte[] fitted = longestFitting(withTitle, title.length());
        if (fitted == null) {
            throw new IllegalArgumentException("monitoring event is over " + MAX_BYTES + " bytes without any text");
        }
        return fitted;
    }

    /** The rendering keeping the most characters that fits in {@link #MAX_BYTES}, or null when none does. */
    private static byte[] longestFitting(IntFunction<byte[]> render, int length) {
        byte[] whole = render.apply(length);
        if (whole.length <= MAX_BYTES) {
            return whole;
        }
        byte[] best = null;
        int low = 0;
        int high = length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            byte[] candidate = render.apply(mid);
            if (candidate.length <= MAX_BYTES) {
                best = candidate;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return best;
    }

    private static byte[] render(UUID id, String reportBy, String subject, Instant time, Severity severity,
            String title,
            String description) {
        return Json.MAPPER.writeValueAsBytes(tree(id, reportBy, subject, time, severity, title, description));
    }

    private static ObjectNode tree(UUID id, String reportBy, String subject, Instant time, Severity severity,
            String title, String description) {
        ObjectNode e = Json.MAPPER.createObjectNode()
                .put("id", id.toString())
                .put("specversion", "1.0")
                .put("type", "int.wmo.wis.wme.event")
                .put("source", reportBy)
                .put("subject", subject)
                .put("time", time.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("datacontenttype", "application/json")
                .put("dataschema", DATASCHEMA);
        ObjectNode data = e.putObject("data");
        data.putArray("conformsTo").add(CONFORMS_TO);
        data.put("subtype", "gc-" + severity.name().toLowerCase(Locale.ROOT));
        data.put("severity", severity.name());
        ObjectNode content = data.putObject("content").put("title", title);
        if (description != null) {
            content.put("description", description);
        }
        return e;
    }

    /** The first {@code keep} characters of {@code s} and an ellipsis (s itself when it is that short), never splitting
     * a surrogate pair. */
    private static String cut(String s, int keep) {
        if (s == null || keep >= s.length()) {
            return s;
        }
        int k = keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1)) ? keep - 1 : keep;
        return k == 0 ? "" : s.substring(0, k) + ELLIPSIS;
    }
}
