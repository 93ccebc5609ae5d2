package wis2.gc.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRedisIT {

    private static RedisClient client;

    @BeforeAll
    static void client() {
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static StatefulRedisConnection<String, String> connect(EmbeddedRedis redis) {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setTimeout(Duration.ofSeconds(2));
        return client.connect(uri);
    }

    @Test
    void start_speaksRespOnLoopbackAndNeverPersists() {
        try (EmbeddedRedis redis = EmbeddedRedis.start();
                var connection = connect(redis)) {
            var commands = connection.sync();
            commands.set("k", "v");

            assertThat(commands.get("k")).isEqualTo("v");
            assertThat(redis.uri().toString()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(commands.configGet("save")).containsEntry("save", "");
            assertThat(commands.configGet("appendonly")).containsEntry("appendonly", "no");
            assertThat(commands.configGet("bind").get("bind")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void restart_keepsThePortAndStartsEmpty(@TempDir Path dir) {
        int port = Ports.free();
        try (EmbeddedRedis redis = EmbeddedRedis.start(port, dir)) {
            try (var connection = connect(redis)) {
                connection.sync().set("k", "v");
            }

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> connect(redis)).isInstanceOf(RedisConnectionException.class);

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            try (var connection = connect(redis)) {
                assertThat(connection.sync().get("k")).isNull();
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void start_refusesAnImpossiblePort(@TempDir Path dir) {
        assertThatThrownBy(() -> EmbeddedRedis.start(0, dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
    }
}
