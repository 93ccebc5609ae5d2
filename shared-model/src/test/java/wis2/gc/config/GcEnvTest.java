package wis2.gc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcEnvTest {

    @Test
    void optional_stripsBlanks_andTreatsBlankAsUnset() {
        GcEnv env = GcEnv.of(Map.of("GC_A", "  x ", "GC_B", "   "));
        assertThat(env.optional("GC_A")).contains("x");
        assertThat(env.optional("GC_B")).isEmpty();
        assertThat(env.optional("GC_C")).isEmpty();
    }

    @Test
    void required_namesTheMissingVariable() {
        assertThatThrownBy(() -> GcEnv.of(Map.of()).required("GC_BUCKET"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.variable()).isEqualTo("GC_BUCKET");
                    assertThat(e.problem()).isEqualTo("is required");
                })
                .hasMessage("GC_BUCKET: is required");
    }

    @Test
    void numbers_parseWholeNumbers_andRefuseTheRestShowingWhatWasFound() {
        GcEnv env = GcEnv.of(Map.of("GC_N", "42", "GC_L", "5000000000", "GC_BAD", "lots", "GC_HALF", "1.5"));
        assertThat(env.integer("GC_N")).contains(42);
        assertThat(env.longInteger("GC_L")).contains(5_000_000_000L);
        assertThat(env.integer("GC_UNSET")).isEmpty();
        assertThatThrownBy(() -> env.integer("GC_BAD")).isInstanceOf(ConfigException.class)
                .hasMessage("GC_BAD: must be a whole number. Found: lots");
        assertThatThrownBy(() -> env.longInteger("GC_HALF")).hasMessage("GC_HALF: must be a whole number. Found: 1.5");
        assertThatThrownBy(() -> env.integer("GC_L")).hasMessageStartingWith("GC_L: must be a whole number");
    }

    @Test
    void duration_readsTheVariablesUnit() {
        GcEnv env = GcEnv.of(Map.of("GC_T_MS", "250", "GC_T_SECONDS", "soon"));
        assertThat(env.duration("GC_T_MS", ChronoUnit.MILLIS)).contains(Duration.ofMillis(250));
        assertThatThrownBy(() -> env.duration("GC_T_SECONDS", ChronoUnit.SECONDS))
                .hasMessage("GC_T_SECONDS: must be a whole number. Found: soon");
        assertThatThrownBy(() -> GcEnv.of(Map.of("GC_T_HOURS", "999999999999999999"))
                .duration("GC_T_HOURS", ChronoUnit.HOURS))
                .isInstanceOf(ConfigException.class).hasMessage("GC_T_HOURS: is too large. Found: 999999999999999999");
    }

    @Test
    void bool_takesTrueOrFalseInAnyCase_only() {
        GcEnv env = GcEnv.of(Map.of("GC_Y", "TRUE", "GC_N", "false", "GC_MAYBE", "yes"));
        assertThat(env.bool("GC_Y")).contains(true);
        assertThat(env.bool("GC_N")).contains(false);
        assertThatThrownBy(() -> env.bool("GC_MAYBE")).hasMessage("GC_MAYBE: must be true or false. Found: yes");
    }

    @Test
    void uri_namesThePositionOfAMalformedUrl_andMasksItsPassword() {
        GcEnv env = GcEnv.of(Map.of("GC_U", "mqtt://u:hunter2@host:1883/a b", "GC_OK", "redis://127.0.0.1:6379"));
        assertThat(env.uri("GC_OK")).contains(URI.create("redis://127.0.0.1:6379"));
        assertThatThrownBy(() -> env.uri("GC_U")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GC_U: is not a URL (").hasMessageContaining("Found: mqtt://u:***@host")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void list_splitsOnCommas_andDropsEmptyItems() {
        assertThat(GcEnv.of(Map.of("GC_L", " a/#, b/+/c ,,")).list("GC_L")).contains(List.of("a/#", "b/+/c"));
    }

    @Test
    void map_keepsTheOrder_andRefusesEntriesWithoutName_orNamesGivenTwice() {
        GcEnv env = GcEnv.of(Map.of("GC_M", "gb2=mqtt://h:2, gb1 = mqtt://h:1",
                "GC_NONAME", "mqtt://u:secret@h:1883", "GC_TWICE", "gb=a,gb=b"));
        assertThat(env.map("GC_M").orElseThrow()).containsExactly(Map.entry("gb2", "mqtt://h:2"),
                Map.entry("gb1", "mqtt://h:1"));
        assertThatThrownBy(() -> env.map("GC_NONAME")).hasMessageStartingWith("GC_NONAME: entry 'mqtt://u:***@h:1883'")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> env.map("GC_TWICE")).hasMessage("GC_TWICE: name gb appears twice");
    }

    @Test
    void checks_sayTheRangeAndWhatWasFound() {
        assertThat(GcEnv.between("GC_P", 80, 0, 65535)).isEqualTo(80);
        assertThatThrownBy(() -> GcEnv.between("GC_P", 70000, 0, 65535))
                .hasMessage("GC_P: must be between 0 and 65535. Found: 70000");
        assertThatThrownBy(() -> GcEnv.atLeast("GC_R", 12, 24)).hasMessage("GC_R: must be at least 24. Found: 12");
        assertThatThrownBy(() -> GcEnv.require("GC_X", false, "is wrong")).hasMessage("GC_X: is wrong");
    }

    @Test
    void redact_masksEveryUrlPassword_andLeavesTheRest() {
        assertThat(GcEnv.redact("a=mqtt://u:p1@h:1,b=mqtts://v:p2@h:2,c=mqtt://h:3"))
                .isEqualTo("a=mqtt://u:***@h:1,b=mqtts://v:***@h:2,c=mqtt://h:3");
        assertThat(GcEnv.found(null)).isEqualTo(". Found: nothing");
    }
}
