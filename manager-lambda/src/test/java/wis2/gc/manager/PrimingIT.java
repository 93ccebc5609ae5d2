package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SnapStart priming ({@link ManagerHandler#beforeCheckpoint}): the CPU path ({@link Priming})
 * reaches no server, the whole priming writes nothing to Redis, S3, the broker or the outcome
 * log, and a priming that fails leaves the snapshot to be taken all the same.
 */
@ExtendWith(SharedServers.class)
class PrimingIT {
    @TempDir
    Path tmp;

    private Listening redis;
    private Listening broker;
    private Listening s3;

    @BeforeEach
    void listen() throws IOException {
        redis = new Listening();
        broker = new Listening();
        s3 = new Listening();
    }

    @AfterEach
    void stop() throws IOException {
        redis.close();
        broker.close();
        s3.close();
    }

    @Test
    void priming_reachesNoServer() throws Exception {
        ManagerConfig config = config();
        new Priming(config, 50, Duration.ofMinutes(1)).run();
        // a connection attempt would have been made before run() returned; give the accept loops a moment
        Thread.sleep(200);
        assertThat(redis.accepted.get()).as("connections to Redis").isZero();
        assertThat(broker.accepted.get()).as("connections to the broker").isZero();
        assertThat(s3.accepted.get()).as("connections to S3").isZero();
    }

    @Test
    void beforeCheckpoint_writesNothingToRedisS3TheBrokerOrTheLog(Servers servers) throws Exception {
        List<String> keysBefore = redisKeys(servers);
        List<String> objectsBefore = servers.objectKeys();
        int messagesBefore = servers.subscriber.messages.size();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ManagerConfig config = ManagerConfig.fromEnvironment(servers.env());
        try (ManagerHandler handler = new ManagerHandler(config, servers.s3Client,
                () -> ManagerSecrets.fromConfig(config),
                print(log), tmp, Optional.empty())) {
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
        }
        Thread.sleep(300); // a publication would reach the subscriber within this
        assertThat(log.toString(StandardCharsets.UTF_8)).as("the outcome log").isEmpty();
        assertThat(redisKeys(servers)).as("Redis keys").isEqualTo(keysBefore);
        assertThat(servers.objectKeys()).as("S3 objects").isEqualTo(objectsBefore);
        assertThat(servers.subscriber.messages).as("messages on the cache's broker").hasSize(messagesBefore);
    }

    @Test
    void beforeCheckpoint_aFailingPrimingIsLoggedAndTheSnapshotTakenAnyway() throws Exception {
        ManagerConfig config = config();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (S3Client client = s3Client(config);
             ManagerHandler handler = new ManagerHandler(config, client, () -> secrets(), print(log), tmp,
                     Optional.empty(),
                     () -> {
                         throw new IllegalStateException("priming \"broke\"");
                     })) {
            assertThatCode(() -> handler.beforeCheckpoint(null)).doesNotThrowAnyException();
            handler.afterRestore(null);
        }
        // the clients' reads fail too here (nothing answers): each failure is one line, and nothing stops the snapshot
        assertThat(log.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(line -> assertThat(line).contains("\"level\":\"WARN\"", "\"priming\":\"failed\"",
                        "\"cause\":\"java.lang.IllegalStateException: priming \\\"broke\\\"\""));
    }

    @Test
    void priming_runsThePathAsOftenAsAsked() {
        assertThat(new Priming(config(), 7, Duration.ofMinutes(1)).run()).isEqualTo(7);
    }

    @Test
    void priming_stopsAtItsTimeBudget() {
        assertThat(new Priming(config(), Integer.MAX_VALUE, Duration.ofMillis(50)).run()).isPositive()
                .isLessThan(Integer.MAX_VALUE);
    }

    private ManagerConfig config() {
        return TestConfig.config("GC_REDIS_URL", "redis://127.0.0.1:" + redis.port(),
                "GC_BROKER_URL", "tcp://127.0.0.1:" + broker.port(),
                "GC_S3_ENDPOINT", "http://127.0.0.1:" + s3.port());
    }

    private static List<String> redisKeys(Servers servers) {
        RedisClient client = RedisClient.create(servers.redis.uri().toString());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().keys("*").stream().sorted().toList();
        } finally {
            client.shutdown();
        }
    }

    private static ManagerSecrets secrets() {
        return new ManagerSecrets("secret", Optional.empty());
    }

    private static S3Client s3Client(ManagerConfig config) {
        return ManagerHandler.s3Client(config, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test-secret")));
    }

    private static PrintStream print(ByteArrayOutputStream log) {
        return new PrintStream(log, true, StandardCharsets.UTF_8);
    }

    /** A port on 127.0.0.1 that counts the connections made to it and answers none. */
    private static final class Listening implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        Listening() throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket ignored = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
