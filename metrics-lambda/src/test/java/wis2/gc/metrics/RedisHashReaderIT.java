package wis2.gc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wis2.gc.standins.EmbeddedRedis;

class RedisHashReaderIT {

    private static final Duration SHORT = Duration.ofMillis(500);

    @Test
    void redisDownAtColdStart_failsTheScrape_thenConnectsOnceItIsUp(@TempDir Path dir) throws IOException {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        var reader = new RedisHashReader("redis://127.0.0.1:" + port, Optional.empty(), SHORT);
        try {
            assertThatThrownBy(() -> reader.readAll(List.of("gc:metric:a")))
                    .isInstanceOf(MetricsUnavailableException.class).hasMessage("Redis unreachable");

            var redis = EmbeddedRedis.start(port, Files.createDirectories(dir.resolve("redis")));
            try {
                assertThat(reader.readAll(List.of("gc:metric:a", "gc:metric:b")))
                        .isEqualTo(Map.of("gc:metric:a", Map.of(), "gc:metric:b", Map.of()));
                reader.close(); // before Redis goes, so nothing tries to reconnect
            } finally {
                redis.close();
            }
        } finally {
            reader.close();
        }
    }

    @Test
    void silentServer_failsTheScrapeWithinTheTimeout() throws IOException {
        List<Socket> accepted = new ArrayList<>();
        try (var silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // never answers a byte
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            try (var reader = new RedisHashReader("redis://127.0.0.1:" + silent.getLocalPort(), Optional.empty(),
                    SHORT)) {
                assertThatThrownBy(() -> reader.readAll(List.of("gc:metric:a")))
                        .isInstanceOf(MetricsUnavailableException.class);
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
