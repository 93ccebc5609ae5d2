package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import wis2.gc.testing.MutableClock;

class EmfReporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock();
    private final ListenerMetrics metrics = new ListenerMetrics("gb-a", clock);
    private final List<String> out = new ArrayList<>();
    /** interval zero: no thread, the test calls emit() */
    private final EmfReporter emf = new EmfReporter(metrics, "gb-a", clock, Duration.ZERO, out::add);

    private List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String chunk : out) {
            for (String line : chunk.split("\n")) {
                lines.add(JSON.readTree(line));
            }
        }
        out.clear();
        return lines;
    }

    @Test
    void emit_writesEachIntervalsCountsPerBroker_inEmbeddedMetricFormat() {
        metrics.connected(true);
        metrics.received();
        metrics.received();
        metrics.forwarded(1);
        metrics.sessionLost();
        clock.advance(Duration.ofSeconds(4));

        emf.emit();
        JsonNode line = lines().getFirst();

        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asString()).isEqualTo("GlobalCache/Listener");
        assertThat(directive.path("Dimensions").get(0).get(0).asString()).isEqualTo("Broker");
        List<String> names = new ArrayList<>();
        directive.path("Metrics").forEach(m -> names.add(m.path("Name").asString()));
        assertThat(names).contains("Connected", "Received", "Forwarded", "Dropped", "SessionLost", "LastMessageAge");
        for (String name : names) {
            assertThat(line.has(name)).as("value of " + name).isTrue();
        }
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(clock.millis());
        assertThat(line.path("Broker").asString()).isEqualTo("gb-a");
        assertThat(line.path("Connected").asInt()).isEqualTo(1);
        assertThat(line.path("Received").asInt()).isEqualTo(2);
        assertThat(line.path("Forwarded").asInt()).isEqualTo(1);
        assertThat(line.path("SessionLost").asInt()).isEqualTo(1);
        assertThat(line.path("LastMessageAge").asInt()).isEqualTo(4);
    }

    @Test
    void emit_countsOnlyWhatHappenedSinceTheLastLine_andDropsPerReason() {
        metrics.forwarded(5);
        emf.emit();
        lines();
        metrics.forwarded(2);
        metrics.dropped(DropReason.TOO_LARGE);
        metrics.dropped(DropReason.TOO_LARGE);
        metrics.dropped(DropReason.NOT_JSON);

        emf.emit();
        List<JsonNode> lines = lines();

        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst().path("Forwarded").asInt()).isEqualTo(2);
        assertThat(lines.getFirst().path("Dropped").asInt()).isEqualTo(3);
        assertThat(lines.getFirst().path("Connected").asInt()).isZero();
        assertThat(lines.getFirst().has("LastMessageAge")).as("no message yet").isFalse();
        JsonNode tooLarge = lines.stream().filter(l -> "too-large".equals(l.path("Reason").asString())).findFirst()
                .orElseThrow();
        assertThat(tooLarge.path("Dropped").asInt()).isEqualTo(2);
        assertThat(tooLarge.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").get(0).toString())
                .isEqualTo("[\"Broker\",\"Reason\"]");
    }
}
