package wis2.gc.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchFlagsTest {
    private static final Set<String> KNOWN = Set.of("--count", "--size-kb", "--timeout-ms", "--out");

    @Test
    void values_areReadAsGiven_defaultsWhereAbsent_theLastOfARepeatedFlagCounting() {
        BenchFlags flags = BenchFlags.parse(KNOWN, "--count", "5", "--size-kb", "10-20", "--count", "7");

        assertThat(flags.integer("--count", 1)).isEqualTo(7);
        assertThat(flags.sizeKb("--size-kb", new BenchFlags.SizeKb(1, 2))).isEqualTo(new BenchFlags.SizeKb(10, 20));
        assertThat(flags.longInteger("--timeout-ms", 60_000)).isEqualTo(60_000);
        assertThat(flags.path("--out", null)).isNull();
        assertThat(BenchFlags.parse(KNOWN, "--size-kb", "12", "--out", "r.json").sizeKb("--size-kb", null))
                .isEqualTo(new BenchFlags.SizeKb(12, 12));
        assertThat(BenchFlags.parse(KNOWN, "--out", "r.json").path("--out", null)).isEqualTo(Path.of("r.json"));
    }

    @Test
    void aMissingValue_anUnknownFlag_andANonNumber_areRefusedNamingTheFlag() {
        assertThatThrownBy(() -> BenchFlags.parse(KNOWN, "--count"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--count needs a value");
        assertThatThrownBy(() -> BenchFlags.parse(KNOWN, "--counts", "5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown flag --counts");
        BenchFlags flags = BenchFlags.parse(KNOWN, "--size-kb", "10-x", "--timeout-ms", "soon");
        assertThatThrownBy(() -> flags.sizeKb("--size-kb", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--size-kb needs a number, got '10-x'");
        assertThatThrownBy(() -> flags.longInteger("--timeout-ms", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--timeout-ms needs a number, got 'soon'");
    }
}
