package wis2.gc.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import wis2.gc.local.LocalConfig;
import wis2.gc.local.MqttPeer;

/** {@code ./gc bench} on a small scale: both bursts counted, and one wider than Paho's window published whole. */
class BenchMainIT {

    @TempDir
    Path dir;

    @Test
    void options_haveTheOfficialDefaults_andAWarmUpThatMayBeLeftOut() {
        BenchMain.Options o = BenchMain.Options.parse();
        assertThat(o.count()).isEqualTo(2000);
        assertThat(o.warmup()).isEqualTo(2000);
        assertThat(o.downloads()).isEqualTo(1000);
        assertThat(BenchMain.Options.parse("--warmup", "0").warmup()).isZero();
        assertThatThrownBy(() -> BenchMain.Options.parse("--warmup", "-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--warmup may be 0");
        assertThatThrownBy(() -> BenchMain.Options.parse("--warmup", "many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--warmup needs a number");
    }

    @Test
    void run_measuresTheWarmUpAndTheMeasuredBurstApart_andPublishesABurstWiderThanPahosWindow() throws Exception {
        int wide = MqttPeer.MAX_IN_FLIGHT / 2 + 200;
        BenchMain.Options options = new BenchMain.Options(wide, 30, 1, 2, 20, 1, null);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        JsonNode result = BenchMain.run(LocalConfig.fromEnvironment(Map.of("GC_DATA_DIR", dir.toString())), options,
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(result.path("warmup").path("count").asInt()).isEqualTo(30);
        assertThat(result.path("warmup").path("republished").asInt()).isEqualTo(30);
        assertThat(result.path("notifications").path("count").asInt()).isEqualTo(wide);
        assertThat(result.path("notifications").path("republished").asInt()).isEqualTo(wide);
        assertThat(result.path("notifications").path("within60s").asInt()).isEqualTo(wide);
        assertThat(result.path("downloads").path("succeeded").asInt()).isEqualTo(20);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("warm-up (the first burst after the start)", "30 of 30 republished")
                .contains("republished by the cache                     " + wide + " (" + wide + " within 60 s)");
    }
}
