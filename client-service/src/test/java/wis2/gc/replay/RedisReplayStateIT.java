package wis2.gc.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricsLayout;
import wis2.gc.standins.EmbeddedRedis;

/** {@link RedisReplayState} on a real redis-server. */
class RedisReplayStateIT {

    private static EmbeddedRedis redis;
    private static RedisReplayState state;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> raw;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.start();
        state = new RedisReplayState(redis.uri(), Optional.empty());
        client = RedisClient.create(redis.uri().toString());
        raw = client.connect();
    }

    @AfterAll
    static void stop() {
        raw.close();
        client.shutdown();
        state.close();
        redis.close();
    }

    @Test
    void mark_survivesAsWritten() {
        Instant forwarded = Instant.parse("2026-03-01T10:00:00.123Z");
        state.saveMark("gb-redis", new ReplayState.Mark(forwarded, forwarded.plusSeconds(5)));
        assertThat(state.mark("gb-redis")).contains(new ReplayState.Mark(forwarded, forwarded.plusSeconds(5)));
        assertThat(state.mark("gb-never")).isEmpty();
    }

    @Test
    void lock_isHeldByOneOwnerUntilReleasedOrExpired() throws InterruptedException {
        assertThat(state.lock("s", "1:900", "a", Duration.ofSeconds(30))).isTrue();
        assertThat(state.lock("s", "1:900", "b", Duration.ofSeconds(30))).isFalse();
        state.unlock("s", "1:900", "b"); // not b's to release
        assertThat(state.lock("s", "1:900", "b", Duration.ofSeconds(30))).isFalse();
        state.unlock("s", "1:900", "a");
        assertThat(state.lock("s", "1:900", "b", Duration.ofMillis(200))).isTrue();
        Thread.sleep(400);
        assertThat(state.lock("s", "1:900", "c", Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void fetched_keepsTheLatestRecordWithAnExpiry() {
        state.fetched("s", "2:900", Instant.ofEpochMilli(2_000));
        state.fetched("s", "2:900", Instant.ofEpochMilli(1_000));
        assertThat(state.fetchedUntil("s", "2:900")).contains(Instant.ofEpochMilli(2_000));
        assertThat(raw.sync().pttl("gc:replay:fetched:s:2:900")).isBetween(1L, RedisReplayState.FETCHED_TTL.toMillis());
        assertThat(state.fetchedUntil("s", "3:900")).isEmpty();
    }

    @Test
    void pending_gapsAreKeptInOrderOfTheirEndUntilRemoved() {
        Gap later = new Gap(Instant.ofEpochMilli(5_000), Instant.ofEpochMilli(9_000), Instant.ofEpochMilli(8_000));
        Gap earlier = new Gap(Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(4_000));
        state.addPending("p", later);
        state.addPending("p", earlier);
        state.addPending("p", earlier);
        assertThat(state.pending("p")).containsExactly(earlier, later);
        state.removePending("p", earlier);
        assertThat(state.pending("p")).containsExactly(later);
    }

    @Test
    void count_writesTheMetricHashTheMetricsEndpointReads() {
        state.count(Metric.GC_BACKFILL_NOTIFICATIONS_TOTAL, List.of("xx-gc", "enqueued"), 3);
        state.count(Metric.GC_BACKFILL_NOTIFICATIONS_TOTAL, List.of("xx-gc", "enqueued"), 2);
        assertThat(raw.sync().hget(MetricsLayout.key(Metric.GC_BACKFILL_NOTIFICATIONS_TOTAL),
                MetricsLayout.encodeField(List.of("xx-gc", "enqueued")))).isEqualTo("5");
    }

    @Test
    void aRedisThatIsDown_failsWithItsOwnException() {
        try (RedisReplayState nowhere =
                new RedisReplayState(java.net.URI.create("redis://127.0.0.1:1"), Optional.empty())) {
            assertThatThrownBy(() -> nowhere.mark("gb")).isInstanceOf(ReplayStateException.class)
                    .hasMessageContaining("read the feed mark of gb");
        }
    }
}
