package wis2.gc.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void parse_readsRfc3339Times() {
        ReplayCommand.Interval interval = ReplayCommand.parse(
                new String[] {"replay", "--from", "2026-03-01T09:00:00Z", "--to", "2026-03-01T11:30:00+01:00"}, NOW);
        assertThat(interval.from()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(interval.to()).isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
    }

    @Test
    void parse_refusesWhatCannotBeReplayed() {
        assertThatThrownBy(() -> ReplayCommand.parse(new String[] {"--from", "2026-03-01T09:00:00Z"}, NOW))
                .hasMessageContaining("both --from and --to");
        assertThatThrownBy(() -> ReplayCommand.parse(
                new String[] {"--from", "yesterday", "--to", "2026-03-01T09:00:00Z"}, NOW))
                .hasMessageContaining("--from: not an RFC 3339 time. Found: yesterday");
        assertThatThrownBy(() -> ReplayCommand.parse(
                new String[] {"--from", "2026-03-01T09:00:00Z", "--to", "2026-03-01T08:00:00Z"}, NOW))
                .hasMessageContaining("--to must be after --from");
        assertThatThrownBy(() -> ReplayCommand.parse(
                new String[] {"--from", "2026-02-01T09:00:00Z", "--to", "2026-03-01T08:00:00Z"}, NOW))
                .hasMessageContaining("longer than the 3 days");
        assertThatThrownBy(() -> ReplayCommand.parse(
                new String[] {"--from", "2026-03-01T09:00:00Z", "--to", "2026-03-02T08:00:00Z"}, NOW))
                .hasMessageContaining("in the future");
    }

    @Test
    void run_withoutAReplayUrlExitsTwoNamingIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ReplayCommand.run(
                new String[] {"replay", "--from", "2026-03-01T09:00:00Z", "--to", "2026-03-01T09:10:00Z"},
                Map.of("GC_CENTRE_ID", "xx-gc", "GC_BROKER_NAME", "gb-a", "GC_BROKER_URL", "mqtt://127.0.0.1:1883",
                        "GC_QUEUE_URL", "http://127.0.0.1:9324/000000000000/q.fifo", "AWS_REGION", "us-east-1"),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("GC_GLOBAL_REPLAY_URL: is required for a replay");
    }
}
