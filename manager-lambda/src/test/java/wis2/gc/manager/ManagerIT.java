package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricsLayout;
import wis2.gc.testing.Poll;
import wis2.gc.testing.TestSource;
import wis2.gc.testing.Wnm;

/**
 * The official Global Cache functional scenarios at the manager's level, end to end on real
 * servers: SQS records in, objects in S3, notifications and monitoring events on the broker,
 * metrics in Redis.
 */
@ExtendWith(SharedServers.class)
class ManagerIT {
    private static Servers servers;
    private static ManagerHandler manager;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start(Servers shared) {
        servers = shared;
        manager = servers.handler();
        redisClient = RedisClient.create(servers.redis.uri().toString());
        redis = redisClient.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        redisClient.shutdown();
        manager.close();
    }

    private static String centre() {
        return "xx-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String topic(String channel, String centre) {
        return channel + "/a/wis2/" + centre + "/data/core/weather/surface-based-observations/synop";
    }

    private static Wnm wnm(String centre, String path) {
        return Wnm.data().dataId(centre + "/data/core/weather/obs/" + UUID.randomUUID())
                .href(servers.source.uri(path).toString());
    }

    private static List<String> run(String topic, Wnm... messages) {
        var records = java.util.Arrays.stream(messages).map(m -> Sqs.record(topic, m)).toList();
        return Sqs.failed(manager.handleRequest(Sqs.event(records), null));
    }

    private static List<ObjectNode> announced(String dataId) {
        return servers.subscriber.on("cache/").stream().map(m -> Wnm.parse(m.payload()))
                .filter(n -> dataId.equals(n.at("/properties/data_id").asString())).toList();
    }

    private static List<ObjectNode> events(String centre) {
        return servers.subscriber.on("monitor/a/wis2/" + centre).stream().map(m -> Wnm.parse(m.payload())).toList();
    }

    /** Publication is acknowledged before the handler returns; delivery to the subscriber follows shortly. */
    private static void awaitAnnounced(String dataId, int count) {
        Poll.until(Duration.ofSeconds(5), () -> announced(dataId).size() >= count, count + " announcements of "
                + dataId);
    }

    private static byte[] object(String publicUrl) {
        ResponseBytes<GetObjectResponse> got =
                servers.s3Client.getObjectAsBytes(b -> b.bucket(Servers.BUCKET).key(TestConfig.keyOf(publicUrl)));
        return got.asByteArray();
    }

    private static double metric(Metric metric, String... labels) {
        String value = redis.sync().hget(MetricsLayout.key(metric), MetricsLayout.encodeField(List.of(labels)));
        return value == null ? 0 : Double.parseDouble(value);
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "origin/a/wis2/%s/data/core/weather/surface-based-observations/synop",
            "origin/a/wis2/%s/metadata",
            "cache/a/wis2/%s/data/core/weather/surface-based-observations/synop",
            "cache/a/wis2/%s/metadata"})
    void newData_onEachTopicFamily_isStoredThenAnnouncedOnTheCacheChannel(String pattern) {
        String centre = centre();
        String topic = pattern.formatted(centre);
        byte[] bytes = body("data for " + topic);
        String path = "/" + UUID.randomUUID() + "/obs.bufr4";
        servers.source.on(path, TestSource.ok(bytes, "application/bufr"));
        Wnm wnm = wnm(centre, path);
        String otherCache = "yy-" + centre + "-global-cache";
        if (topic.startsWith("cache/")) {
            wnm.globalCache(otherCache);
        }

        assertThat(run(topic, wnm)).isEmpty();

        awaitAnnounced(wnm.dataId(), 1);
        ObjectNode out = announced(wnm.dataId()).getFirst();
        Servers.Subscriber.Received raw = servers.subscriber.on("cache/").stream()
                .filter(m -> m.json().contains(wnm.dataId())).findFirst().orElseThrow();
        assertThat(raw.topic()).isEqualTo(topic.replaceFirst("^origin/", "cache/"));
        String href = out.at("/links/0/href").asString();
        assertThat(object(href)).isEqualTo(bytes);
        assertThat(out.at("/links/0").has("length")).isFalse(); // none in the origin, none added
        assertThat(out.at("/properties/global-cache").asString()).isEqualTo(TestConfig.CENTRE);
        String labelCentre = topic.startsWith("cache/") ? otherCache : centre;
        assertThat(metric(Metric.DOWNLOADED_TOTAL, labelCentre, TestConfig.CENTRE)).isEqualTo(1);
        assertThat(metric(Metric.DATASERVER_STATUS_FLAG, labelCentre, "127.0.0.1", TestConfig.CENTRE)).isEqualTo(1);
    }

    @Test
    void storedObject_hasTheLinkTypeAndExactLength() {
        String centre = centre();
        byte[] bytes = new byte[70_000];
        new java.util.Random(1).nextBytes(bytes);
        servers.source.on("/typed.grib2", TestSource.ok(bytes, "application/x-grib2"));
        Wnm wnm = wnm(centre, "/typed.grib2").type("application/x-grib2");
        run(topic("origin", centre), wnm);
        awaitAnnounced(wnm.dataId(), 1);

        String key = TestConfig.keyOf(announced(wnm.dataId()).getFirst().at("/links/0/href").asString());
        var head = servers.s3Client.headObject(b -> b.bucket(Servers.BUCKET).key(key));
        assertThat(head.contentType()).isEqualTo("application/x-grib2");
        assertThat(head.contentLength()).isEqualTo(bytes.length);
    }

    @Test
    void cacheFalse_isAnnouncedWithItsOwnLinksAndCounted() {
        String centre = centre();
        Wnm wnm = wnm(centre, "/never-fetched").cache(false);
        run(topic("origin", centre), wnm);

        awaitAnnounced(wnm.dataId(), 1);
        assertThat(announced(wnm.dataId()).getFirst().at("/links/0/href").asString())
                .isEqualTo(servers.source.uri("/never-fetched").toString());
        assertThat(servers.source.hits("/never-fetched")).isZero();
        assertThat(metric(Metric.NO_CACHE_TOTAL, centre, TestConfig.CENTRE)).isEqualTo(1);
    }

    @Test
    void sourceDownloadFailure_announcesNothingButAMonitoringEvent() {
        String centre = centre();
        Wnm wnm = wnm(centre, "/404");
        assertThat(run(topic("origin", centre), wnm)).isEmpty();

        Poll.until(Duration.ofSeconds(5), () -> events(centre).size() == 1, "monitoring event");
        ObjectNode event = events(centre).getFirst();
        assertThat(event.get("type").asString()).isEqualTo("int.wmo.wis.wme.event");
        assertThat(event.get("subject").asString()).isEqualTo(centre);
        assertThat(event.at("/data/content/title").asString()).contains(servers.source.uri("/404").toString());
        assertThat(announced(wnm.dataId())).isEmpty();
        assertThat(metric(Metric.DOWNLOADED_ERRORS_TOTAL, centre, "127.0.0.1", TestConfig.CENTRE)).isEqualTo(1);
        assertThat(metric(Metric.DATASERVER_STATUS_FLAG, centre, "127.0.0.1", TestConfig.CENTRE)).isZero();
    }

    @Test
    void integrityFailure_storesAndAnnouncesNothing() {
        String centre = centre();
        servers.source.on("/tampered", TestSource.ok(body("tampered")));
        Wnm wnm = wnm(centre, "/tampered").integrity("sha512", new byte[64]);
        int objects = servers.objectKeys().size();

        run(topic("origin", centre), wnm);

        Poll.until(Duration.ofSeconds(5), () -> events(centre).size() == 1, "monitoring event");
        assertThat(announced(wnm.dataId())).isEmpty();
        assertThat(servers.objectKeys()).hasSize(objects);
        assertThat(metric(Metric.INTEGRITY_FAILED_TOTAL, centre, TestConfig.CENTRE)).isEqualTo(1);
    }

    @Test
    void integrityFixture_fromTheWis2Examples_isVerified() throws Exception {
        byte[] fixture = java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("src/test/resources/A_SZIO01AMMC110648_C_EDZW_20230811064904_50549867"));
        String centre = centre();
        servers.source.on("/fixture", TestSource.ok(fixture));
        Wnm wnm = wnm(centre, "/fixture").integrity("sha512",
                "lT7r2ekzrb3np7Jqk7vACk5qclFUxZXkEqgt1hqU3Tz+4/IaZZnb2KQxFw502Bn0o4v+++ImukvaE7EelTSfoA==");
        run(topic("origin", centre), wnm);
        awaitAnnounced(wnm.dataId(), 1);
    }

    @Test
    void dedup_copiesOfOneInstance_yieldOneDownloadOneObjectOneAnnouncement() {
        String centre = centre();
        servers.source.on("/dedup", TestSource.ok(body("once")));
        Wnm wnm = wnm(centre, "/dedup");
        run(topic("origin", centre), wnm, wnm.id(UUID.randomUUID().toString()), wnm.id(UUID.randomUUID().toString()));
        run(topic("origin", centre), wnm.id(UUID.randomUUID().toString()));

        awaitAnnounced(wnm.dataId(), 1);
        assertThat(servers.source.hits("/dedup")).isEqualTo(1);
        assertThat(announced(wnm.dataId())).hasSize(1);
    }

    @Test
    void dedupAlternative1_firstCopyFails_secondCopySucceeds() {
        String centre = centre();
        servers.source.on("/alt1", TestSource.status(404), TestSource.ok(body("second time lucky")));
        Wnm wnm = wnm(centre, "/alt1");
        run(topic("origin", centre), wnm);
        run(topic("cache", centre), wnm.id(UUID.randomUUID().toString()).globalCache("yy-other-global-cache"));

        awaitAnnounced(wnm.dataId(), 1);
        assertThat(servers.source.hits("/alt1")).isEqualTo(2);
    }

    @Test
    void dedupAlternative2_equalOrEarlierPubtimeAfterALaterOne_isDropped() {
        String centre = centre();
        servers.source.on("/alt2", TestSource.ok(body("latest")));
        Wnm wnm = wnm(centre, "/alt2").rel("update").pubtime("2026-11-25T06:10:00Z");
        run(topic("origin", centre), wnm);
        run(topic("origin", centre), wnm.id(UUID.randomUUID().toString()).pubtime("2026-11-25T06:05:00Z"));
        run(topic("origin", centre), wnm.id(UUID.randomUUID().toString()).pubtime("2026-11-25T06:10:00Z"));

        awaitAnnounced(wnm.dataId(), 1);
        assertThat(servers.source.hits("/alt2")).isEqualTo(1);
        assertThat(announced(wnm.dataId())).hasSize(1);
    }

    @Test
    void update_withALaterPubtime_isCachedUnderANewUrl_laterCanonicalIsNot() {
        String centre = centre();
        servers.source.on("/v1", TestSource.ok(body("v1"))).on("/v2", TestSource.ok(body("v2")));
        Wnm wnm = wnm(centre, "/v1").pubtime("2026-11-25T06:00:00Z");
        run(topic("origin", centre), wnm);
        run(topic("origin", centre), wnm.id(UUID.randomUUID().toString()).href(servers.source.uri("/v2").toString())
                .pubtime("2026-11-25T06:30:00Z")); // later, but canonical only: a duplicate
        run(topic("origin", centre), wnm.id(UUID.randomUUID().toString()).rel("update")
        .pubtime("2026-11-25T06:30:00Z"));

        awaitAnnounced(wnm.dataId(), 2);
        List<ObjectNode> out = announced(wnm.dataId());
        assertThat(out).hasSize(2);
        assertThat(out.get(0).at("/links/0/href").asString()).isNotEqualTo(out.get(1).at("/links/0/href").asString());
        assertThat(object(out.get(1).at("/links/0/href").asString())).isEqualTo(body("v2"));
        assertThat(out.get(1).at("/links/0/rel").asString()).isEqualTo("update");
        assertThat(servers.source.hits("/v2")).isEqualTo(1);
    }

    @Test
    void deletion_removesTheCachedCopiesAndIsAnnounced() {
        String centre = centre();
        servers.source.on("/to-delete", TestSource.ok(body("short-lived")));
        Wnm wnm = wnm(centre, "/to-delete").pubtime("2026-11-25T06:00:00Z");
        run(topic("origin", centre), wnm);
        awaitAnnounced(wnm.dataId(), 1);
        String href = announced(wnm.dataId()).getFirst().at("/links/0/href").asString();
        assertThat(object(href)).isEqualTo(body("short-lived"));

        run(topic("origin", centre), wnm.id(UUID.randomUUID().toString()).rel("deletion")
                .pubtime("2026-11-25T07:00:00Z"));

        awaitAnnounced(wnm.dataId(), 2);
        assertThat(announced(wnm.dataId()).get(1).at("/links/0/rel").asString()).isEqualTo("deletion");
        assertThat(servers.objectKeys()).doesNotContain(TestConfig.keyOf(href))
                .noneMatch(k -> k.startsWith(centre + "/"));
    }

    @Test
    void recommendedData_isNeitherFetchedNorAnnounced() {
        String centre = centre();
        Wnm wnm = wnm(centre, "/recommended");
        assertThat(run("origin/a/wis2/" + centre + "/data/recommended/weather/x", wnm)).isEmpty();
        assertThat(servers.source.hits("/recommended")).isZero();
        assertThat(announced(wnm.dataId())).isEmpty();
    }

    @Test
    void inlineGzipContent_isCachedWithoutTouchingTheSource() throws Exception {
        String centre = centre();
        byte[] bytes = body("inline payload ".repeat(20));
        var gz = new java.io.ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(bytes);
        }
        Wnm wnm = wnm(centre, "/inline-never-fetched")
                .integrity("sha512", MessageDigest.getInstance("SHA-512").digest(bytes))
                .content("gzip", Base64.getEncoder().encodeToString(gz.toByteArray()), bytes.length);
        run(topic("origin", centre), wnm);

        awaitAnnounced(wnm.dataId(), 1);
        assertThat(object(announced(wnm.dataId()).getFirst().at("/links/0/href").asString())).isEqualTo(bytes);
        assertThat(servers.source.hits("/inline-never-fetched")).isZero();
    }

    @Test
    void operatorPolicy_blockListAndCeiling_refuseToCacheButAnnounce() {
        String centre = centre();
        servers.source.on("/big", TestSource.ok(new byte[2000]));
        try (ManagerHandler strict = servers.handler(servers.config().maxObjectBytes(1000)
                .topicBlocklist(List.of("origin/a/wis2/" + centre + "/data/core/weather/#")))) {
            Wnm blocked = wnm(centre, "/big");
            Wnm big = wnm(centre, "/big");
            strict.handleRequest(Sqs.event(Sqs.record(topic("origin", centre), blocked),
                    Sqs.record("origin/a/wis2/" + centre + "/data/core/climate/x", big)), null);

            awaitAnnounced(blocked.dataId(), 1);
            awaitAnnounced(big.dataId(), 1);
            assertThat(announced(big.dataId()).getFirst().at("/links/0/href").asString())
                    .isEqualTo(servers.source.uri("/big").toString());
            Poll.until(Duration.ofSeconds(5), () -> events(centre).size() == 2, "two monitoring events");
            assertThat(metric(Metric.CACHE_OVERRIDE_TOTAL, centre, TestConfig.CENTRE)).isEqualTo(2);
        }
    }

    @Test
    void handleRequest_withLessTimeLeftThanARecordNeeds_failsEveryRecordUntouched() {
        String centre = centre();
        String path = "/" + UUID.randomUUID() + "/late.bufr4";
        servers.source.on(path, TestSource.ok(body("too late to start")));
        Wnm a = wnm(centre, path);
        Wnm b = wnm(centre, path);
        var records = List.of(Sqs.record(topic("origin", centre), a), Sqs.record(topic("origin", centre), b));

        // 3 s left: less than the 2 s reserve plus a 5 s connect
        List<String> failed = Sqs.failed(
                manager.handleRequest(Sqs.event(records), Sqs.contextWith(Duration.ofSeconds(3))));

        assertThat(failed).containsExactlyInAnyOrder(records.get(0).getMessageId(), records.get(1).getMessageId());
        assertThat(servers.source.hits(path)).isZero();
        assertThat(announced(a.dataId())).isEmpty();
        assertThat(redis.sync().exists(wis2.gc.model.RedisKeys.claim(centre, a.dataId()))).isZero();
    }

    @Test
    void sameMessageRedeliveredWhileTheFirstRunLives_isDownloadedAndAnnouncedOnce() throws Exception {
        String centre = centre();
        String path = "/" + UUID.randomUUID() + "/slow.bufr4";
        byte[] bytes = body("x".repeat(4096));
        servers.source.on(path, TestSource.slow(bytes, 512, Duration.ofMillis(200))); // about 1.6 s
        Wnm wnm = wnm(centre, path);
        SQSEvent.SQSMessage first = Sqs.record(topic("origin", centre), wnm);
        // SQS hands the same message out again (same message id) while the first invocation still downloads
        SQSEvent.SQSMessage again = Sqs.record(first.getMessageId(), topic("origin", centre), wnm.dataId(), wnm.json());
        again.setAttributes(java.util.Map.of("MessageGroupId", first.getAttributes().get("MessageGroupId"),
                "ApproximateReceiveCount", "2"));

        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var one = pool.submit(() ->
                    Sqs.failed(manager.handleRequest(Sqs.event(first), Sqs.contextWith(Duration.ofSeconds(60)))));
            Poll.until(Duration.ofSeconds(5), () -> servers.source.hits(path) == 1, "the first download under way");
            var two = pool.submit(() ->
                    Sqs.failed(manager.handleRequest(Sqs.event(again), Sqs.contextWith(Duration.ofSeconds(60)))));
            assertThat(one.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
            // it waited, then found the instance done
            assertThat(two.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
        }
        awaitAnnounced(wnm.dataId(), 1);
        Thread.sleep(500); // a second announcement would have arrived by now
        assertThat(announced(wnm.dataId())).hasSize(1);
        assertThat(servers.source.hits(path)).isEqualTo(1);
    }
}
