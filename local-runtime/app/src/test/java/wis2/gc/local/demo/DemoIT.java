package wis2.gc.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wis2.gc.local.LocalConfig;

/** {@code ./gc demo} plays its whole story and every outcome matches. */
class DemoIT {
    @TempDir
    Path dataDir;

    @Test
    void demo_exitsZero_withEveryOutcomeMatched() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LocalConfig config = LocalConfig.builder().dataDir(dataDir).freePorts().build();

        int status = DemoMain.run(config, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("demo: all 9 outcomes matched").doesNotContain("FAIL ");
        assertThat(out).containsPattern("(?m)^ready ");
        assertThat(out).contains("curl ").contains("wmo_wis2_gc_downloaded_total");
        assertThat(status).as(out).isZero();
    }
}
