package wis2.gc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import wis2.gc.config.ConfigException;

class MetricsConfigTest {

    @Test
    void fromEnvironment_readsEveryVariable() {
        var config = MetricsConfig.fromEnvironment(Map.of(
                "GC_REDIS_URL", "rediss://cache.example:6379",
                "GC_REDIS_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis-token"));

        assertThat(config.redisUrl()).isEqualTo("rediss://cache.example:6379");
        assertThat(config.tokenSecretArn())
                .contains("arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis-token");
    }

    @Test
    void tokenSecret_isOptional_andBlankMeansAbsent() {
        var env = Map.of("GC_REDIS_URL", "redis://127.0.0.1:6379", "GC_REDIS_TOKEN_SECRET_ARN", " ");

        assertThat(MetricsConfig.fromEnvironment(env).tokenSecretArn()).isEmpty();
    }

    @Test
    void missingRedisUrl_isNamed() {
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of("GC_CENTRE_ID", "c")))
                .isInstanceOf(ConfigException.class).hasMessage("GC_REDIS_URL: is required");
    }

    @Test
    void badValues_areRejected_withoutEchoingSecrets() {
        assertThatThrownBy(() -> new MetricsConfig("http://h:6379", Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GC_REDIS_URL");
        assertThatThrownBy(() -> new MetricsConfig("redis://:s3cret@h:notaport", Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GC_REDIS_URL").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new MetricsConfig("redis://h:6379", Optional.of("redis-token")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GC_REDIS_TOKEN_SECRET_ARN");
    }

    @Test
    void builder_makesWhatTheEnvironmentGives_andNamesABadValue() {
        assertThat(MetricsConfig.builder().redisUrl("redis://127.0.0.1:6379").build())
                .isEqualTo(MetricsConfig.fromEnvironment(Map.of("GC_REDIS_URL", "redis://127.0.0.1:6379")));
        assertThatThrownBy(() -> MetricsConfig.builder().redisUrl("redis://:s3cret@[h").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("GC_REDIS_URL: is not a valid Redis URL")
                .hasMessageContaining("Found: redis://:***@[h").hasMessageNotContaining("s3cret");
    }
}
