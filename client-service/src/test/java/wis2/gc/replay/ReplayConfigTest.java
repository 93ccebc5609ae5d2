package wis2.gc.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import wis2.gc.config.ConfigException;

class ReplayConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of(
                "GC_GLOBAL_REPLAY_URL", "https://replay.example.org/",
                "GC_REDIS_URL", "rediss://redis.example.org:6380"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void fromEnvironment_withoutAUrlIsNoBackfill() {
        assertThat(ReplayConfig.fromEnvironment(Map.of("GC_REDIS_URL", "redis://127.0.0.1:6379"))).isEmpty();
        assertThat(ReplayConfig.fromEnvironment(Map.of("GC_GLOBAL_REPLAY_URL", "  "))).isEmpty();
    }

    @Test
    void fromEnvironment_takesTheDocumentedDefaults() {
        ReplayConfig config = ReplayConfig.fromEnvironment(env()).orElseThrow();
        assertThat(config.url()).hasToString("https://replay.example.org");
        assertThat(config.serviceName()).isEqualTo("global-replay");
        assertThat(config.margin()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.threshold()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.maxGap()).isEqualTo(Duration.ofHours(6));
        assertThat(config.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.pageSize()).isEqualTo(500);
        assertThat(config.requestInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retryInitial()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fromEnvironment_refusesAWindowOverTheGuidesFifteenMinutes() {
        assertThatThrownBy(() -> ReplayConfig.fromEnvironment(env("GC_REPLAY_WINDOW_MINUTES", "16")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("GC_REPLAY_WINDOW_MINUTES: ")
                .hasMessageEndingWith("Found: 16");
    }

    @Test
    void fromEnvironment_needsRedisForTheLocksAndMarks() {
        Map<String, String> env = env();
        env.remove("GC_REDIS_URL");
        assertThatThrownBy(() -> ReplayConfig.fromEnvironment(env))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("GC_REDIS_URL: is required");
    }

    @Test
    void fromEnvironment_namesTheVariableOfAMalformedValue() {
        assertThatThrownBy(() -> ReplayConfig.fromEnvironment(env("GC_REPLAY_MARGIN_MINUTES", "five")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("GC_REPLAY_MARGIN_MINUTES: ");
        assertThatThrownBy(() -> ReplayConfig.fromEnvironment(env("GC_GLOBAL_REPLAY_URL", "ftp://replay.example.org")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("GC_GLOBAL_REPLAY_URL: ");
        assertThatThrownBy(() -> ReplayConfig.fromEnvironment(env("GC_REPLAY_MAX_GAP_HOURS", "100")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("GC_REPLAY_MAX_GAP_HOURS: ");
    }

    @Test
    void toString_hidesTheRedisToken() {
        assertThat(ReplayConfig.fromEnvironment(env("GC_REDIS_TOKEN", "s3cret")).orElseThrow().toString())
                .doesNotContain("s3cret").contains("redisToken=***");
    }

    @Test
    void builder_holdsTheSameDefaultsAsTheEnvironment() {
        ReplayConfig built = ReplayConfig.builder().url(java.net.URI.create("https://replay.example.org/"))
                .redisUrl(java.net.URI.create("rediss://redis.example.org:6380")).build();
        assertThat(built).isEqualTo(ReplayConfig.fromEnvironment(env()).orElseThrow());
        assertThatThrownBy(() -> ReplayConfig.builder().url(built.url()).redisUrl(built.redisUrl()).pageSize(0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("GC_REPLAY_PAGE_SIZE: must be between 1 and 10000. Found: 0");
    }
}
