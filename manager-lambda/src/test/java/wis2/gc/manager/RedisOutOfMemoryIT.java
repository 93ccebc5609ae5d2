package wis2.gc.manager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import wis2.gc.standins.EmbeddedRedis;

/** {@link FullRedisScenarios} on the embedded redis-server (the binary the one-machine runtime uses). */
class RedisOutOfMemoryIT extends FullRedisScenarios {
    private static EmbeddedRedis redis;

    @BeforeAll
    static void start(Servers shared) {
        redis = EmbeddedRedis.start();
        use(shared, redis.uri().toString());
    }

    @AfterAll
    static void stop() {
        disconnect();
        redis.close();
    }
}
