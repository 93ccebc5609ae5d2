package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import wis2.gc.manager.ClaimStore.ClaimResult;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricsLayout;
import wis2.gc.model.Pubtime;
import wis2.gc.model.RedisKeys;
import wis2.gc.standins.EmbeddedRedis;
import wis2.gc.testing.Poll;

class RedisClaimStoreIT {
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final String CENTRE = "xx-origin-centre";
    private static EmbeddedRedis server;
    private static RedisConnection connection;
    private static RedisClaimStore claims;
    private static RedisClient reader;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        server = EmbeddedRedis.start();
        connection = new RedisConnection(server.uri(), Optional.empty());
        claims = new RedisClaimStore(connection, Duration.ofMinutes(5), RETENTION);
        reader = RedisClient.create(server.uri().toString());
        redis = reader.connect();
    }

    @AfterAll
    static void stop() {
        redis.close();
        reader.shutdown();
        connection.close();
        server.close();
    }

    private static String dataId() {
        return "xx/data/core/" + UUID.randomUUID();
    }

    private static ClaimStore.Claim claimed(ClaimResult r) {
        assertThat(r).isInstanceOf(ClaimResult.Claimed.class);
        return ((ClaimResult.Claimed) r).claim();
    }

    @Test
    void claim_followsTheDedupRules() {
        String id = dataId();
        Pubtime t = Pubtime.parse("2026-11-25T06:00:00.000000001Z");
        claims.commit(claimed(claims.claim(CENTRE, id, t, false, "a")));

        assertThat(claims.claim(CENTRE, id, t, true, "b")).isInstanceOf(ClaimResult.Duplicate.class);
        assertThat(claims.claim(CENTRE, id, Pubtime.parse("2026-11-25T08:00:00.000000001+02:00"), true, "b"))
                .isInstanceOf(ClaimResult.Duplicate.class);
        assertThat(claims.claim(CENTRE, id, Pubtime.parse("2026-11-25T06:00:00Z"), true, "b"))
                .isInstanceOf(ClaimResult.Duplicate.class);
        assertThat(claims.claim(CENTRE, id, Pubtime.parse("2026-11-25T06:00:00.000000002Z"), false, "b"))
                .isInstanceOf(ClaimResult.Duplicate.class);
        ClaimStore.Claim later = claimed(
                claims.claim(CENTRE, id, Pubtime.parse("2026-11-25T06:00:00.000000002Z"), true, "b"));
        claims.commit(later);
        assertThat(claims.claim(CENTRE, id, t, true, "c")).isInstanceOf(ClaimResult.Duplicate.class);
    }

    @Test
    void claim_liveIsBusyForEveryone_evenARetryOfTheSameMessage() {
        String id = dataId();
        Pubtime t = Pubtime.parse("2026-11-25T06:00:00Z");
        ClaimStore.Claim held = claimed(claims.claim(CENTRE, id, t, false, "first"));

        assertThat(claims.claim(CENTRE, id, t, false, "second")).isInstanceOf(ClaimResult.Busy.class);
        assertThat(claims.claim(CENTRE, id, t, false, "first")).as("the same message id, redelivered")
                .isInstanceOf(ClaimResult.Busy.class);

        // not the holder's token: no effect
        claims.release(new ClaimStore.Claim(CENTRE, id, t, "first|" + RedisClaimStore.sortKey(t.instant())));
        assertThat(claims.claim(CENTRE, id, t, false, "second")).isInstanceOf(ClaimResult.Busy.class);
        claims.release(held);
        claimed(claims.claim(CENTRE, id, t, false, "second"));
    }

    @Test
    void claim_tokensAreUniquePerClaim_andTheLeaseIsTheOneAskedFor() {
        String id = dataId();
        Pubtime t = Pubtime.parse("2026-11-25T06:00:00Z");
        ClaimStore.Claim one = claimed(claims.claim(CENTRE, id, t, false, "m-1", Duration.ofSeconds(42)));
        assertThat(redis.sync().pttl(RedisKeys.claim(CENTRE, id))).isBetween(40_000L, 42_000L);
        claims.release(one);
        ClaimStore.Claim two = claimed(claims.claim(CENTRE, id, t, false, "m-1", Duration.ofSeconds(42)));
        assertThat(two.token()).startsWith("m-1|").isNotEqualTo(one.token());
        claims.release(two);
    }

    @Test
    void release_letsALaterCopyOfTheSameInstanceIn() {
        String id = dataId();
        Pubtime t = Pubtime.parse("2026-11-25T06:00:00Z");
        claims.release(claimed(claims.claim(CENTRE, id, t, false, "failed-attempt")));
        claims.commit(claimed(claims.claim(CENTRE, id, t, false, "next-copy")));
        assertThat(redis.sync().exists(RedisKeys.claim(CENTRE, id))).isZero();
    }

    @Test
    void claim_aDataIdUnderAnotherCentre_isAnInstanceOfItsOwn() {
        String id = dataId();
        Pubtime t = Pubtime.parse("2026-11-25T06:00:00Z");
        // a node squatting on someone else's data_id with a far later update commits under its own centre
        claims.commit(claimed(claims.claim("xx-squatter", id, Pubtime.parse("9999-12-31T00:00:00Z"), true, "a")));
        claims.commit(claimed(claims.claim(CENTRE, id, t, false, "b")));
        assertThat(claims.claim(CENTRE, id, t, true, "c")).isInstanceOf(ClaimResult.Duplicate.class);
    }

    @Test
    void commit_keepsThePubtimeAtLeastForTheRetention() {
        String id = dataId();
        claims.commit(claimed(claims.claim(CENTRE, id, Pubtime.parse("2026-11-25T06:00:00Z"), false, "a")));
        long ttl = redis.sync().pttl(RedisKeys.seen(CENTRE, id));
        assertThat(ttl).isBetween(RETENTION.toMillis() - 60_000, RETENTION.toMillis());
    }

    @Test
    void lease_expiresWhenTheHolderNeverReturns() {
        RedisClaimStore shortLease = new RedisClaimStore(connection, Duration.ofMillis(150), RETENTION);
        String id = dataId();
        Pubtime t = Pubtime.parse("2026-11-25T06:00:00Z");
        claimed(shortLease.claim(CENTRE, id, t, false, "crashed"));
        assertThat(shortLease.claim(CENTRE, id, t, false, "retry")).isInstanceOf(ClaimResult.Busy.class);
        Poll.until(Duration.ofSeconds(5), () ->
                shortLease.claim(CENTRE, id, t, false, "retry") instanceof ClaimResult.Claimed, "lease expiry");
    }

    @Test
    void sortKey_ordersLikeTheInstants() {
        List<Instant> ordered = List.of(Instant.parse("1900-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.EPOCH, Instant.parse("2026-11-25T06:00:00Z"), Instant.parse("2026-11-25T06:00:00.000000001Z"),
                Instant.parse("2026-11-25T06:00:01Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"));
        List<String> keys = ordered.stream().map(RedisClaimStore::sortKey).toList();
        assertThat(keys).isSorted().doesNotHaveDuplicates();
        assertThat(keys).allSatisfy(k -> assertThat(k).hasSize(keys.getFirst().length()));
    }

    @Test
    void metricsSink_appliesTheLayoutsCommands() {
        RedisMetricsSink sink = new RedisMetricsSink(connection);
        String centre = "xx-" + UUID.randomUUID();
        List<String> labels = List.of(centre, "xx-test-global-cache");
        sink.apply(List.of(new MetricUpdate(Metric.DOWNLOADED_TOTAL, labels, MetricUpdate.Kind.INCREMENT, 1),
                new MetricUpdate(Metric.DOWNLOADED_TOTAL, labels, MetricUpdate.Kind.INCREMENT, 1),
                new MetricUpdate(Metric.LAST_DOWNLOAD_TIMESTAMP_SECONDS, labels, MetricUpdate.Kind.SET, 1764050400.5),
                new MetricUpdate(Metric.GC_CACHE_DELAY_SECONDS, labels, MetricUpdate.Kind.OBSERVE, 3.2)));

        assertThat(redis.sync().hget(MetricsLayout.key(Metric.DOWNLOADED_TOTAL), MetricsLayout.encodeField(labels)))
                .isEqualTo("2");
        assertThat(Double.parseDouble(redis.sync().hget(MetricsLayout.key(Metric.LAST_DOWNLOAD_TIMESTAMP_SECONDS),
                MetricsLayout.encodeField(labels)))).isEqualTo(1764050400.5);
        assertThat(redis.sync().hgetall(MetricsLayout.key(Metric.GC_CACHE_DELAY_SECONDS)).keySet())
                .filteredOn(f -> f.startsWith(MetricsLayout.encodeField(labels))).hasSize(3);
    }

    @Test
    void restartedRedis_failsFastWhileDown_thenReconnectsAndReloadsTheScripts() {
        String id = dataId();
        Pubtime t = Pubtime.parse("2026-11-25T06:00:00Z");
        claims.release(claimed(claims.claim(CENTRE, id, t, false, "before")));
        server.stop();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> claims.claim(CENTRE, id, t, false, "while-down"))
                    .isInstanceOf(RedisFailureException.class)
                    .hasMessageContaining(id);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            server.restart();
        }
        // the restarted server has no cached scripts
        claims.commit(claimed(claims.claim(CENTRE, id, t, false, "after")));
        assertThat(claims.claim(CENTRE, id, t, false, "again")).isInstanceOf(ClaimResult.Duplicate.class);
    }
}
