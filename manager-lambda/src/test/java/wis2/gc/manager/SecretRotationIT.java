package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import wis2.gc.standins.AclFile;
import wis2.gc.standins.BrokerOptions;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.standins.EmbeddedRedis;
import wis2.gc.standins.StandIns;
import wis2.gc.testing.TestSource;
import wis2.gc.testing.Wnm;

/**
 * The Redis token and the publisher password are rotated while the manager runs: Redis gets a
 * new password (and drops its clients), the broker comes back with a new password for the
 * publisher, and Secrets Manager (a stub speaking GetSecretValue) hands out the new values.
 * The manager keeps processing without a restart; after a SnapStart-style checkpoint and
 * restore it reads the secrets before it connects again.
 */
@ExtendWith(SharedServers.class)
class SecretRotationIT {
    private static final String BROKER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gc-broker-Rot123";
    private static final String REDIS_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gc-redis-Rot456";

    @TempDir
    Path tmp;
    private EmbeddedRedis redis;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> admin;
    private EmbeddedBroker broker;
    private SecretsManagerStub secrets;
    private SecretsManagerClient secretsClient;

    @BeforeEach
    void start() throws Exception {
        redis = EmbeddedRedis.start();
        adminClient = RedisClient.create(redis.uri().toString());
        admin = adminClient.connect();
        admin.sync().configSet("requirepass", "redis-token-1"); // this connection stays authenticated
        broker = broker(0, "broker-password-1");
        secrets = new SecretsManagerStub()
                .put(BROKER_ARN, "{\"username\":\"gc-publisher\",\"password\":\"broker-password-1\"}")
                .put(REDIS_ARN, "redis-token-1");
        secretsClient = SecretsManagerClient.builder().endpointOverride(secrets.endpoint()).region(StandIns.REGION)
                .credentialsProvider(StandIns.awsCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        secretsClient.close();
        secrets.close();
        broker.close();
        admin.close();
        adminClient.shutdown();
        redis.close();
    }

    private static EmbeddedBroker broker(int port, String publisherPassword) {
        return EmbeddedBroker.start(
                BrokerOptions.secured(Map.of("gc-publisher", publisherPassword, "everyone", "everyone"),
                AclFile.load(AclFile.locateInRepository())).withPort(port));
    }

    private ManagerConfig config(Servers servers) {
        return servers.config()
                .brokerPassword(Optional.empty())
                .brokerPasswordSecretArn(Optional.of(BROKER_ARN))
                .redisTokenSecretArn(Optional.of(REDIS_ARN))
                .redisUrl(redis.uri())
                .brokerUrl(broker.serverUri())
                .build();
    }

    /** Runs one new record until it succeeds; returns how many invocations it took (at most 2 allowed). */
    private static int runUntilDone(ManagerHandler handler, Servers servers, String centre) {
        String path = "/" + centre + "/" + UUID.randomUUID() + ".bufr4";
        servers.source.on(path, TestSource.ok(("data " + path).getBytes(StandardCharsets.UTF_8), "application/bufr"));
        Wnm wnm = Wnm.data().dataId(centre + "/data/core/x/" + UUID.randomUUID())
                .href(servers.source.uri(path).toString());
        for (int invocation = 1; invocation <= 2; invocation++) {
            List<String> failed = Sqs.failed(
                    handler.handleRequest(Sqs.event(Sqs.record("origin/a/wis2/" + centre + "/data/core/x", wnm)),
                    null));
            if (failed.isEmpty()) {
                return invocation;
            }
        }
        return Integer.MAX_VALUE;
    }

    @Test
    void rotatedRedisTokenAndBrokerPassword_processingResumesWithoutARestart(Servers servers) {
        ManagerConfig config = config(servers);
        Supplier<ManagerSecrets> read = () -> ManagerSecrets.resolve(config, secretsClient);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String centre = "rot-" + UUID.randomUUID().toString().substring(0, 8);
        try (ManagerHandler handler = new ManagerHandler(config, servers.s3Client, read,
                new PrintStream(log, true, StandardCharsets.UTF_8), tmp, Optional.empty())) {
            assertThat(runUntilDone(handler, servers, centre)).as("log:%n%s", log).isEqualTo(1);
            assertThat(secrets.requested).hasSize(2);

            // rotation: Secrets Manager first, then the servers, as a rotation function does it
            secrets.put(BROKER_ARN, "{\"username\":\"gc-publisher\",\"password\":\"broker-password-2\"}")
                    .put(REDIS_ARN, "redis-token-2");
            admin.sync().configSet("requirepass", "redis-token-2");
            admin.sync().clientKill(KillArgs.Builder.typeNormal());
            int port = broker.port();
            broker.close();
            broker = broker(port, "broker-password-2");

            assertThat(runUntilDone(handler, servers, centre)).as("log:%n%s", log).isLessThanOrEqualTo(2);
            assertThat(secrets.requested).hasSize(4); // read again once, not once per refusal
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"cached\"");
        }
    }

    @Test
    void restore_readsTheSecretsAgainBeforeConnecting(Servers servers) throws Exception {
        ManagerConfig config = config(servers);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String centre = "restore-" + UUID.randomUUID().toString().substring(0, 8);
        try (ManagerHandler handler =
                new ManagerHandler(config, servers.s3Client, () -> ManagerSecrets.resolve(config, secretsClient),
                new PrintStream(log, true, StandardCharsets.UTF_8), tmp, Optional.empty())) {
            assertThat(runUntilDone(handler, servers, centre)).as("log:%n%s", log).isEqualTo(1);

            handler.beforeCheckpoint(null);
            // the snapshot lies unused while the token is rotated
            secrets.put(REDIS_ARN, "redis-token-3");
            admin.sync().configSet("requirepass", "redis-token-3");
            assertThat(secrets.requested).hasSize(2);
            handler.afterRestore(null);
            assertThat(secrets.requested).hasSize(4);

            assertThat(runUntilDone(handler, servers, centre)).as("log:%n%s", log).isEqualTo(1);
            assertThat(secrets.requested).hasSize(4); // no refusal on the way: the restore had read them
        }
    }
}
