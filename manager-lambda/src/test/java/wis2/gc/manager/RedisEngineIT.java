package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import wis2.gc.testing.Poll;

/**
 * The manager's claim and commit scripts and its handling of a full Redis on the Redis 7 engine
 * line that ElastiCache's 7.1 builds on (the embedded binary of the other tests is 6.2), in a
 * container. Needs a Docker engine; without one the class is skipped with that reason.
 */
class RedisEngineIT extends FullRedisScenarios {
    static final String IMAGE = "redis:7.0";
    static final String NO_DOCKER = "no Docker engine reachable: RedisEngineIT runs Redis 7 in a container and"
            + " runs only where Docker does (the embedded-Redis tests cover the same code here)";
    private static GenericContainer<?> redis;

    @BeforeAll
    static void start(Servers shared) {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), NO_DOCKER);
        redis = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction");
        redis.start();
        use(shared, "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
    }

    @AfterAll
    static void stop() {
        disconnect();
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void sameInstanceTwice_isCachedOnceAndThenADuplicate() {
        String centre = "engine7-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/" + centre + "/c.bin";
        SQSEvent.SQSMessage first = instance(centre, path);
        try (ManagerHandler handler = handler()) {
            assertThat(Sqs.failed(handler.handleRequest(Sqs.event(first), null))).isEmpty();
            assertThat(Sqs.failed(handler.handleRequest(Sqs.event(first), null))).isEmpty();
        }
        Poll.until(Duration.ofSeconds(10), () -> announced(centre).size() == 1, "one announcement");
        assertThat(servers.source.hits(path)).as("the second delivery is a duplicate").isEqualTo(1);
    }
}
