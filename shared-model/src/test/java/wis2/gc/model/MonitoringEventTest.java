package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import wis2.gc.model.MonitoringEvent.Severity;
import wis2.gc.testing.Resources;

class MonitoringEventTest {

    private static final UUID ID = UUID.fromString("6e1c7f9f-dd6c-48d9-bbc4-aef0625f1fb8");
    private static final Instant TIME = Instant.parse("2024-10-17T05:13:22.734Z");

    @Test
    void build_matchesTheWmoExample() {
        byte[] event = MonitoringEvent.build(ID, "jp-jma-global-cache", "ca-eccc-msc", TIME, Severity.ERROR,
                "Cannot download data granule: https://example.org/404", null);
        JsonNode expected = Json.MAPPER.readTree(Resources.bytes("examples/wmem-gc-404-report.json"));
        assertThat(TreeDiff.diff(expected, Json.MAPPER.readTree(event))).isEmpty();
    }

    @Test
    void build_addsTheDescription() {
        JsonNode e = Json.MAPPER.readTree(MonitoringEvent.build(ID, "gc", "c", TIME, Severity.WARNING, "t", "why"));
        assertThat(e.path("data").path("content").path("description").stringValue()).isEqualTo("why");
        assertThat(e.path("data").path("subtype").stringValue()).isEqualTo("gc-warning");
        assertThat(e.path("data").path("severity").stringValue()).isEqualTo("WARNING");
    }

    @Test
    void build_cutsFreeTextToFit8192Bytes() {
        String longText = "é\"\n\u0001🌧".repeat(3000);
        byte[] event = MonitoringEvent.build(ID, "gc", "c", TIME, Severity.ERROR, "title", longText);
        assertThat(event.length).isLessThanOrEqualTo(MonitoringEvent.MAX_BYTES)
                .isGreaterThan(MonitoringEvent.MAX_BYTES - 100);
        JsonNode e = Json.MAPPER.readTree(event);
        assertThat(e.path("data").path("content").path("title").stringValue()).isEqualTo("title");
        assertThat(e.path("data").path("content").path("description").stringValue()).endsWith("…")
                .doesNotContain("\ufffd");

        byte[] both = MonitoringEvent.build(ID, "gc", "c", TIME, Severity.ERROR, "t".repeat(20000), "d".repeat(20000));
        JsonNode b = Json.MAPPER.readTree(both);
        assertThat(both.length).isLessThanOrEqualTo(MonitoringEvent.MAX_BYTES);
        assertThat(b.path("data").path("content").path("description").stringValue()).isEmpty();
        assertThat(b.path("data").path("content").path("title").stringValue()).startsWith("ttt").endsWith("…");
    }

    @Test
    void build_refusesEventsThatCannotFit() {
        assertThatThrownBy(() -> MonitoringEvent.build(ID, "g".repeat(9000), "c", TIME, Severity.INFO, "t", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8192");
    }

    @Test
    void topic_isMonitorOfTheSourceCentre() {
        assertThat(MonitoringEvent.topic("ca-eccc-msc")).isEqualTo("monitor/a/wis2/ca-eccc-msc");
        for (String bad : new String[] {"", "a/b", "+", "#"}) {
            assertThatThrownBy(() -> MonitoringEvent.topic(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> MonitoringEvent.topic(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
