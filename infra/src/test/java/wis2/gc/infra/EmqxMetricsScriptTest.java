package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * emqx-config/gc-metrics.sh turns EMQX's Prometheus page into CloudWatch Embedded Metric Format
 * lines. Run here with sh and awk, and a stand-in curl that prints a prepared page.
 */
class EmqxMetricsScriptTest {

    private static final Path SCRIPT = TestApps.EMQX_CONFIG.resolve("gc-metrics.sh").toAbsolutePath();

    @TempDir
    Path dir;
    private Path page;

    @BeforeEach
    void fakeCurl() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path curl = Files.writeString(bin.resolve("curl"), "#!/bin/sh\ncat \"$FAKE_PAGE\"\n");
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
        page = dir.resolve("page.txt");
    }

    @Test
    void firstSample_printsGaugesSummedOverLabelsAndKeepsCountersForTheNext() throws Exception {
        Files.writeString(page, """
                # HELP emqx_connections_count connections
                # TYPE emqx_connections_count gauge
                emqx_connections_count 5
                emqx_sessions_count{node="emqx@10.0.0.1"} 4
                emqx_sessions_count{node="emqx@10.0.0.2"} 3
                emqx_delivery_dropped_queue_full 2
                """);
        JsonNode line = sample();
        assertThat(line.get("Broker").asString()).isEqualTo("gc-test");
        assertThat(line.get("connections").asInt()).isEqualTo(5);
        assertThat(line.get("sessions").asInt()).isEqualTo(7);
        assertThat(line.has("delivery_dropped_queue_full")).as("a counter needs a previous value").isFalse();
        JsonNode metrics = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(metrics.get("Namespace").asString()).isEqualTo(Broker.METRICS_NAMESPACE);
        assertThat(metrics.get("Dimensions").toString()).isEqualTo("[[\"Broker\"]]");
        assertThat(metrics.get("Metrics").findValuesAsString("Name"))
                .containsExactlyInAnyOrder("connections", "sessions");
        assertThat(line.at("/_aws/Timestamp").asLong()).isGreaterThan(1_700_000_000_000L);
    }

    @Test
    void nextSample_printsEachCounterAsItsIncrease_andARestartedCounterAsItsValue() throws Exception {
        Files.writeString(page, "emqx_delivery_dropped_queue_full 2\nemqx_messages_received 100\n");
        assertThat(run()).as("counters only: nothing to print yet").isEmpty();
        Files.writeString(page, "emqx_delivery_dropped_queue_full 9\nemqx_messages_received 40\n");
        JsonNode line = sample();
        assertThat(line.get("delivery_dropped_queue_full").asInt()).isEqualTo(7);
        assertThat(line.get("messages_received").asInt()).as("node restarted: counter began again").isEqualTo(40);
    }

    @Test
    void unreadablePage_printsNothing() throws Exception {
        Path bin = dir.resolve("bin");
        Files.writeString(bin.resolve("curl"), "#!/bin/sh\nexit 7\n");
        assertThat(run()).isEmpty();
    }

    private JsonNode sample() throws Exception {
        List<String> lines = run();
        assertThat(lines).hasSize(1);
        return new ObjectMapper().readTree(lines.get(0));
    }

    private List<String> run() throws Exception {
        var pb = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(false);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_PAGE", page.toString());
        pb.environment().put("TMPDIR", dir.toString());
        pb.environment().put("GC_METRICS_ONCE", "true");
        pb.environment().put("GC_BROKER_ID", "gc-test");
        pb.environment().put("GC_METRICS_NAMESPACE", Broker.METRICS_NAMESPACE);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
