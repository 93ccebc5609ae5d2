package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.testing.Poll;
import wis2.gc.testing.TestSource;
import wis2.gc.testing.Wnm;

/**
 * A full Redis, as ElastiCache runs it for the cache ({@code maxmemory-policy noeviction}, see
 * infra CacheState): writes are answered with an OOM error instead of evicting dedup keys, and
 * the manager takes that answer as the cache's own fault: the record fails (SQS retries it,
 * then dead-letters it) and succeeds once Redis has room again. Each subclass brings a real
 * Redis (whose {@code maxmemory} the checks set far below its use) beside the shared S3, broker
 * and source.
 */
@ExtendWith(SharedServers.class)
abstract class FullRedisScenarios {
    static Servers servers;
    private static String url;
    private static RedisClient adminClient;
    private static StatefulRedisConnection<String, String> adminConnection;
    static RedisCommands<String, String> admin;

    /** Connects the checks to the Redis at {@code redisUrl} and sets it to refuse writes when full. */
    static void use(Servers shared, String redisUrl) {
        servers = shared;
        url = redisUrl;
        adminClient = RedisClient.create(redisUrl);
        adminConnection = adminClient.connect();
        admin = adminConnection.sync();
        admin.configSet("maxmemory-policy", "noeviction");
    }

    static void disconnect() {
        if (adminConnection != null) {
            adminConnection.close();
        }
        if (adminClient != null) {
            adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        adminConnection = null;
        adminClient = null;
    }

    @BeforeEach
    void empty() {
        admin.configSet("maxmemory", "0");
        admin.flushall();
    }

    @Test
    void fullRedis_failsTheRecordBeforeAnyDownload_evictsNothing_andTheRetryCachesItOnce() {
        String centre = "oom-" + UUID.randomUUID().toString().substring(0, 8);
        SQSEvent.SQSMessage record = instance(centre, "/" + centre + "/a.bin");
        long filler = fillUp();

        try (ManagerHandler handler = handler()) {
            assertThat(Sqs.failed(handler.handleRequest(Sqs.event(record), null)))
                    .containsExactly(record.getMessageId());
            assertRefusesWrites();
            assertThat(servers.source.hits("/" + centre + "/a.bin")).as("claimed before downloading").isZero();
            assertThat(admin.dbsize()).as("noeviction: every key is still there").isEqualTo(filler);
            assertThat(admin.exists("filler:0")).isEqualTo(1L);

            admin.configSet("maxmemory", "0");
            assertThat(Sqs.failed(handler.handleRequest(Sqs.event(record), null))).isEmpty();
        }
        Poll.until(Duration.ofSeconds(10), () -> announced(centre).size() == 1, "the retry's announcement");
        assertThat(servers.source.hits("/" + centre + "/a.bin")).isEqualTo(1);
    }

    @Test
    void redisFillingUpBeforeTheCommit_failsTheRecord_andTheRetryAnnouncesUnderTheSameId() {
        String centre = "oom-commit-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/" + centre + "/b.bin";
        byte[] body = new byte[300];
        new Random(7).nextBytes(body);
        SQSEvent.SQSMessage record = instance(centre, path);
        // the first download happens after the claim: Redis is full by the time the manager commits
        servers.source.on(path, out -> {
            admin.configSet("maxmemory", "1");
            TestSource.ok(body).write(out);
        }, TestSource.ok(body));

        try (ManagerHandler handler = handler()) {
            assertThat(Sqs.failed(handler.handleRequest(Sqs.event(record), null)))
                    .containsExactly(record.getMessageId());
            assertRefusesWrites();

            admin.configSet("maxmemory", "0");
            deliverUntilDone(handler, record);
        }
        Poll.until(Duration.ofSeconds(10), () -> announced(centre).size() == 2, "both announcements");
        Set<String> ids = announced(centre).stream().map(n -> n.get("id").asString()).collect(Collectors.toSet());
        assertThat(ids).as("a Global Broker drops the second copy by its id").hasSize(1);
        assertThat(servers.source.hits(path)).isEqualTo(2);
    }

    /**
     * Writes some keys that a full Redis must keep, then sets maxmemory far below what Redis uses:
     * it is full, whatever the connections' buffers do meanwhile. Returns how many keys it holds.
     */
    private static long fillUp() {
        String value = "x".repeat(1024);
        for (int i = 0; i < 200; i++) {
            admin.set("filler:" + i, value);
        }
        admin.configSet("maxmemory", "1");
        assertRefusesWrites();
        return admin.dbsize();
    }

    private static void assertRefusesWrites() {
        assertThatThrownBy(() -> admin.set("probe", "1")).isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageStartingWith("OOM");
    }

    static ManagerHandler handler() {
        return servers.handler(servers.config().redisUrl(java.net.URI.create(url)));
    }

    static SQSEvent.SQSMessage instance(String centre, String path) {
        byte[] body = new byte[256];
        new Random(path.hashCode()).nextBytes(body);
        servers.source.on(path, TestSource.ok(body));
        Wnm wnm = Wnm.data().dataId(centre + "/data/core/x/1").href(servers.source.uri(path).toString());
        return Sqs.record("origin/a/wis2/" + centre + "/data/core/x", wnm);
    }

    private static void deliverUntilDone(ManagerHandler handler, SQSEvent.SQSMessage record) {
        for (int round = 0; round < 5; round++) {
            if (Sqs.failed(handler.handleRequest(Sqs.event(record), null)).isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the record still fails with room in Redis");
    }

    static List<ObjectNode> announced(String centre) {
        return servers.subscriber.on("cache/a/wis2/" + centre + "/").stream().map(m -> Wnm.parse(m.payload())).toList();
    }
}
