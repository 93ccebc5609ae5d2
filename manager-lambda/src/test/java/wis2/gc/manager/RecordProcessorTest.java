package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.manager.download.DownloadFailedException;
import wis2.gc.manager.download.OwnNetworkException;
import wis2.gc.manager.download.SourceRefusedException;
import wis2.gc.manager.download.SpillSpaceException;
import wis2.gc.manager.download.TransientSourceException;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.Outcome;
import wis2.gc.testing.Wnm;

class RecordProcessorTest {
    private static final String TOPIC = "origin/a/wis2/xx-test/data/core/weather/surface-based-observations/synop";
    private static final String CACHE_TOPIC = "cache/a/wis2/xx-test/data/core/weather/surface-based-observations/synop";
    private static final byte[] BODY = "BUFR....7777".getBytes(StandardCharsets.US_ASCII);
    private static final String URL = "https://node.example.org/obs.bufr4";

    private final Fakes fakes = new Fakes();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private RecordProcessor processor = processor(TestConfig.config());
    private int messages;

    private RecordProcessor processor(ManagerConfig config) {
        return new RecordProcessor(config, fakes.claims, fakes.downloader, fakes.store, fakes.publisher, fakes.metrics,
                new OutcomeLog(new PrintStream(logged, true, StandardCharsets.UTF_8)),
                Clock.fixed(Instant.parse("2026-11-25T06:00:30Z"), ZoneOffset.UTC));
    }

    private RecordProcessor.Result process(String topic, Wnm wnm) {
        return processor.process(new RecordProcessor.InboundRecord("m-" + (++messages), wnm.json(), topic));
    }

    private RecordProcessor.Result process(Wnm wnm) {
        return process(TOPIC, wnm);
    }

    private static String sha512(byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(b));
    }

    private double metric(Metric metric) {
        return fakes.metrics.updates.stream().filter(u -> u.metric() == metric).mapToDouble(MetricUpdate::value).sum();
    }

    @Test
    void cache_storesBeforePublishingAndCommitsAfterTheAck() throws Exception {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL);

        RecordProcessor.Result result = process(wnm);

        assertThat(result.outcome()).isEqualTo(Outcome.CACHED);
        assertThat(result.bytes()).isEqualTo(BODY.length);
        assertThat(fakes.events).extracting(e -> e.split(" ")[0])
                .containsExactly("claim", "download", "put", "publish", "commit");
        String key = fakes.store.objects.keySet().iterator().next();
        assertThat(key).startsWith("xx-test/").endsWith("/obs.bufr4");
        assertThat(fakes.store.objects.get(key).bytes()).isEqualTo(BODY);
        assertThat(fakes.store.objects.get(key).contentType()).isEqualTo("application/bufr");

        Fakes.RecordingPublisher.Message m = fakes.publisher.messages.getFirst();
        assertThat(m.topic()).isEqualTo(CACHE_TOPIC);
        ObjectNode out = Wnm.parse(m.payload());
        assertThat(out.get("id").asString()).isNotEqualTo(Wnm.parse(wnm.bytes()).get("id").asString());
        assertThat(out.at("/links/0/href").asString()).isEqualTo("https://cache.example.org/data/" + key);
        assertThat(out.at("/links/0").has("length")).isFalse(); // never added where the origin had none
        assertThat(out.at("/properties/global-cache").asString()).isEqualTo(TestConfig.CENTRE);
        assertThat(out.at("/properties/integrity/method").asString()).isEqualTo("sha512");
        assertThat(out.at("/properties/integrity/value").asString()).isEqualTo(sha512(BODY));
        assertThat(metric(Metric.DOWNLOADED_TOTAL)).isEqualTo(1);
        assertThat(metric(Metric.DATASERVER_STATUS_FLAG)).isEqualTo(1);
    }

    @Test
    void process_logsOneJsonLinePerRecord() {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL);
        process(wnm);
        process(wnm);

        String[] lines = logged.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(2);
        ObjectNode first = Wnm.parse(lines[0].getBytes(StandardCharsets.UTF_8));
        assertThat(first.get("data_id").asString()).isEqualTo(wnm.dataId());
        assertThat(first.get("pubtime").asString()).isEqualTo(wnm.pubtime());
        assertThat(first.get("topic").asString()).isEqualTo(TOPIC);
        assertThat(first.get("outcome").asString()).isEqualTo("cached");
        assertThat(first.get("bytes").asLong()).isEqualTo(BODY.length);
        assertThat(first.has("ms")).isTrue();
        assertThat(Wnm.parse(lines[1].getBytes(StandardCharsets.UTF_8)).get("outcome").asString())
                .isEqualTo("duplicate");
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("BUFR");
    }

    @Test
    void cache_keepsAGivenIntegrityAndChecksItInTheDeclaredMethod() throws Exception {
        fakes.downloader.serve(URL, BODY);
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(BODY);
        process(Wnm.data().href(URL).integrity("sha256", sha256));

        ObjectNode out = Wnm.parse(fakes.publisher.messages.getFirst().payload());
        assertThat(out.at("/properties/integrity/method").asString()).isEqualTo("sha256");
        assertThat(out.at("/properties/integrity/value").asString())
                .isEqualTo(Base64.getEncoder().encodeToString(sha256));
    }

    @Test
    void integrityMismatch_storesAndPublishesNothingButAMonitoringEvent() throws Exception {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL).integrity("sha512", sha512("other".getBytes(StandardCharsets.US_ASCII)));

        assertThat(process(wnm).outcome()).isEqualTo(Outcome.INTEGRITY_FAILED);

        assertThat(fakes.store.objects).isEmpty();
        assertThat(fakes.publisher.on("cache/")).isEmpty();
        assertThat(fakes.publisher.on("monitor/a/wis2/xx-test")).hasSize(1);
        assertThat(fakes.events).last().asString().startsWith("release");
        assertThat(metric(Metric.INTEGRITY_FAILED_TOTAL)).isEqualTo(1);
    }

    @Test
    void downloadFailure_isAnsweredAndALaterCopyOfTheInstanceIsProcessed() {
        Wnm wnm = Wnm.data().href(URL);
        RecordProcessor.Result first = process(wnm);
        assertThat(first.outcome()).isEqualTo(Outcome.DOWNLOAD_FAILED);
        assertThat(first.reason()).isEqualTo("http-404");
        assertThat(fakes.publisher.on("cache/")).isEmpty();
        ObjectNode event = Wnm.parse(fakes.publisher.on("monitor/a/wis2/xx-test").getFirst().payload());
        assertThat(event.at("/data/content/title").asString()).contains(URL);
        assertThat(metric(Metric.DOWNLOADED_ERRORS_TOTAL)).isEqualTo(1);

        fakes.downloader.serve(URL, BODY);
        assertThat(process(wnm).outcome()).isEqualTo(Outcome.CACHED);
        assertThat(fakes.publisher.on("cache/")).hasSize(1);
    }

    @Test
    void refusedSource_isADownloadFailureWithItsReason() {
        fakes.downloader.fail(URL, new SourceRefusedException("forbidden-address", "resolves to link-local"));
        RecordProcessor.Result result = process(Wnm.data().href(URL));
        assertThat(result.outcome()).isEqualTo(Outcome.DOWNLOAD_FAILED);
        assertThat(result.reason()).isEqualTo("forbidden-address");
    }

    @Test
    void duplicates_equalOrEarlierPubtimeOrLaterWithoutUpdate_areDroppedSilently() {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL).pubtime("2026-11-25T06:00:00Z");
        process(wnm);

        assertThat(process(wnm).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(process(wnm.pubtime("2026-11-25T05:59:59.999999999Z")).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(process(wnm.pubtime("2026-11-25T06:00:00.000000001Z")).outcome()).isEqualTo(Outcome.DUPLICATE);
        // the same instant written with an offset is the same instance
        assertThat(process(wnm.pubtime("2026-11-25T08:00:00+02:00")).outcome()).isEqualTo(Outcome.DUPLICATE);

        assertThat(fakes.downloader.calls).hasSize(1);
        assertThat(fakes.publisher.messages).hasSize(1);
    }

    @Test
    void update_withALaterPubtime_isCachedUnderItsOwnKey() {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL).pubtime("2026-11-25T06:00:00Z");
        process(wnm);
        fakes.downloader.serve("https://node.example.org/obs-v2.bufr4", "v2".getBytes(StandardCharsets.US_ASCII));

        RecordProcessor.Result update = process(wnm.rel("update").href("https://node.example.org/obs-v2.bufr4").pubtime("2026-11-25T06:05:00Z"));

        assertThat(update.outcome()).isEqualTo(Outcome.CACHED);
        assertThat(fakes.store.objects).hasSize(2);
        assertThat(process(wnm.pubtime("2026-11-25T06:01:00Z")).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void cacheFalse_isRepublishedUnchangedLinksWithoutDownload() {
        Wnm wnm = Wnm.data().href(URL).cache(false);
        RecordProcessor.Result result = process(wnm);

        assertThat(result.outcome()).isEqualTo(Outcome.PASSED_THROUGH);
        assertThat(fakes.downloader.calls).isEmpty();
        ObjectNode out = Wnm.parse(fakes.publisher.messages.getFirst().payload());
        assertThat(out.at("/links/0/href").asString()).isEqualTo(URL);
        assertThat(out.at("/properties/global-cache").asString()).isEqualTo(TestConfig.CENTRE);
        assertThat(metric(Metric.NO_CACHE_TOTAL)).isEqualTo(1);
        assertThat(process(wnm).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void deletion_deletesTheCachedCopiesAndIsRepublished() {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL).pubtime("2026-11-25T06:00:00Z");
        process(wnm);
        assertThat(fakes.store.objects).hasSize(1);

        RecordProcessor.Result result = process(wnm.rel("deletion").pubtime("2026-11-25T07:00:00Z"));

        assertThat(result.outcome()).isEqualTo(Outcome.PASSED_THROUGH);
        assertThat(result.reason()).isEqualTo("deletion");
        assertThat(fakes.store.objects).isEmpty();
        assertThat(fakes.publisher.on("cache/")).hasSize(2);
        assertThat(fakes.events).extracting(e -> e.split(" ")[0]).endsWith("claim", "delete", "publish", "commit");
    }

    @Test
    void recommendedData_isIgnoredWithoutClaim() {
        RecordProcessor.Result result =
                process("origin/a/wis2/xx-test/data/recommended/weather/x", Wnm.data().href(URL));
        assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(fakes.events).isEmpty();
        assertThat(fakes.publisher.messages).isEmpty();
    }

    @Test
    void badMessages_areInvalidWithTheirReasonAndTouchNothing() {
        assertThat(processor.process(new RecordProcessor.InboundRecord("a", "{not json", TOPIC)).reason())
                .isEqualTo("not-json");
        assertThat(processor.process(new RecordProcessor.InboundRecord("b", Wnm.data().json(), "origin/a/wis2"))
                .reason()).isEqualTo("topic");
        assertThat(processor.process(new RecordProcessor.InboundRecord("c", Wnm.data().json(), null)).reason())
                .isEqualTo("topic");
        assertThat(processor.process(new RecordProcessor.InboundRecord("d", null, TOPIC)).outcome())
                .isEqualTo(Outcome.INVALID);
        assertThat(fakes.events).isEmpty();
    }

    @Test
    void inlineContent_thatMatchesIsUsedWithoutDownload() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(BODY);
        }
        Wnm wnm = Wnm.data().href(URL).integrity("sha512", sha512(BODY))
                .content("gzip", Base64.getEncoder().encodeToString(gz.toByteArray()), BODY.length);

        RecordProcessor.Result result = process(wnm);

        assertThat(result.outcome()).isEqualTo(Outcome.CACHED);
        assertThat(result.reason()).isEqualTo("inline");
        assertThat(fakes.downloader.calls).isEmpty();
        assertThat(fakes.store.objects.values().iterator().next().bytes()).isEqualTo(BODY);
    }

    @Test
    void inlineContent_thatDoesNotMatchFallsBackToTheLink() throws Exception {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL).integrity("sha512", sha512(BODY)).content("utf-8", "something else", 14);

        RecordProcessor.Result result = process(wnm);

        assertThat(result.outcome()).isEqualTo(Outcome.CACHED);
        assertThat(result.reason()).isEqualTo("downloaded");
        assertThat(fakes.downloader.calls).hasSize(1);
    }

    @Test
    void inlineContentWithNegativeSize_isUnusableAndTheLinkIsUsed() {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL).content("utf-8", "BUFR....7777", -12);

        RecordProcessor.Result result = process(wnm);

        assertThat(result.outcome()).isEqualTo(Outcome.CACHED);
        assertThat(result.reason()).isEqualTo("downloaded");
        assertThat(fakes.downloader.calls).hasSize(1);
    }

    @Test
    void linkTypeThatIsNoMediaType_isStoredAsOctetStreamAndRepublishedAsReceived() {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL).type("text/plain\r\nX-Injected: 1");

        assertThat(process(wnm).outcome()).isEqualTo(Outcome.CACHED);

        assertThat(fakes.store.objects.values().iterator().next().contentType()).isEqualTo("application/octet-stream");
        assertThat(Wnm.parse(fakes.publisher.messages.getFirst().payload()).at("/links/0/type").asString())
                .isEqualTo("text/plain\r\nX-Injected: 1");
    }

    @Test
    void pubtimeFurtherAheadThanTheTolerance_isInvalidAndNeverRecorded() {
        fakes.downloader.serve(URL, BODY);
        Wnm ahead = Wnm.data().href(URL).rel("update").pubtime("2026-11-25T07:00:31Z"); // clock + 1 h + 1 s
        Wnm now = Wnm.data().href(URL).dataId(ahead.dataId());

        RecordProcessor.Result rejected = process(ahead);

        assertThat(rejected.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(rejected.reason()).isEqualTo("pubtime-future");
        assertThat(fakes.events).isEmpty();
        assertThat(process(now).outcome()).isEqualTo(Outcome.CACHED);
        // at the edge
        assertThat(process(Wnm.data().href(URL).pubtime("2026-11-25T07:00:30Z")).outcome()).isEqualTo(Outcome.CACHED);
    }

    @Test
    void addIntegrityOff_republishesWithoutAnAddedIntegrity() {
        processor = processor(TestConfig.builder().addIntegrity(false).build());
        fakes.downloader.serve(URL, BODY);

        assertThat(process(Wnm.data().href(URL)).outcome()).isEqualTo(Outcome.CACHED);

        assertThat(Wnm.parse(fakes.publisher.messages.getFirst().payload()).at("/properties").has("integrity"))
                .isFalse();
    }

    @Test
    void inlineGzipBomb_isNotDecodedBeyondTheInlineBound_theLinkIsUsed() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(new byte[(int) RecordProcessor.MAX_INLINE_BYTES + 1]); // compresses to a few KB
        }
        fakes.downloader.serve(URL, BODY);
        // lies
        Wnm wnm = Wnm.data().href(URL).content("gzip", Base64.getEncoder().encodeToString(gz.toByteArray()), 4096);

        RecordProcessor.Result result = process(wnm);

        assertThat(result.reason()).isEqualTo("downloaded");
        assertThat(fakes.store.objects.values().iterator().next().bytes()).isEqualTo(BODY);
    }

    @Test
    void blockedTopic_isRefusedPassedThroughAndReported() {
        processor = processor(TestConfig.builder()
                .topicBlocklist(List.of("origin/a/wis2/+/data/core/weather/#")).build());
        RecordProcessor.Result result = process(Wnm.data().href(URL));

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.reason()).isEqualTo("blocklist");
        assertThat(fakes.downloader.calls).isEmpty();
        assertThat(Wnm.parse(fakes.publisher.on("cache/").getFirst().payload()).at("/links/0/href").asString())
                .isEqualTo(URL);
        assertThat(fakes.publisher.on("monitor/a/wis2/xx-test")).hasSize(1);
        assertThat(metric(Metric.CACHE_OVERRIDE_TOTAL)).isEqualTo(1);
    }

    @Test
    void objectsOverTheCeiling_declaredOrFound_areRefused() {
        processor = processor(TestConfig.builder().maxObjectBytes(5).build());
        assertThat(process(Wnm.data().href(URL).length(6)).reason()).isEqualTo("size-ceiling");
        assertThat(fakes.downloader.calls).isEmpty();

        fakes.downloader.serve(URL, BODY);
        RecordProcessor.Result found = process(Wnm.data().href(URL));
        assertThat(found.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(found.reason()).isEqualTo("size-ceiling");
        assertThat(fakes.store.objects).isEmpty();
        assertThat(fakes.publisher.on("cache/")).hasSize(2);
    }

    @Test
    void messageFromAnotherCache_keepsItsTopicAndIsCountedForTheOriginCentre() {
        fakes.downloader.serve(URL, BODY);
        String topic = "cache/a/wis2/xx-test/data/core/weather/surface-based-observations/synop";
        process(topic, Wnm.data().href(URL).globalCache("yy-other-global-cache"));

        assertThat(fakes.publisher.messages.getFirst().topic()).isEqualTo(topic);
        assertThat(Wnm.parse(fakes.publisher.messages.getFirst().payload()).at("/properties/global-cache").asString())
                .isEqualTo(TestConfig.CENTRE);
        assertThat(fakes.metrics.updates.stream().filter(u -> u.metric() == Metric.DOWNLOADED_TOTAL).findFirst()
                .orElseThrow()
                .labelValues().getFirst()).isEqualTo("yy-other-global-cache");
    }

    @Test
    void storeFault_failsTheRecordReleasesTheClaimAndPublishesNothing() {
        fakes.downloader.serve(URL, BODY);
        fakes.store.failure = new ObjectStoreException("s3 down", null);
        Wnm wnm = Wnm.data().href(URL);

        assertThatThrownBy(() -> process(wnm)).isInstanceOf(ObjectStoreException.class);
        assertThat(fakes.publisher.messages).isEmpty();
        assertThat(fakes.events).last().isEqualTo("release " + wnm.dataId());
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"fault\"");

        fakes.store.failure = null;
        assertThat(process(wnm).outcome()).isEqualTo(Outcome.CACHED);
    }

    @Test
    void noRoomToSpillInTime_isTheCachesOwnFault_theClaimIsReleasedForTheRetry() {
        Wnm wnm = Wnm.data().href(URL);
        fakes.downloader.fail(URL, new SpillSpaceException("no room for a spill of 9 bytes in /tmp in time"));

        assertThatThrownBy(() -> process(wnm)).isInstanceOf(SpillSpaceException.class);
        assertThat(fakes.publisher.messages).isEmpty();
        assertThat(fakes.events).last().isEqualTo("release " + wnm.dataId());

        fakes.downloader.serve(URL, BODY);
        assertThat(process(wnm).outcome()).isEqualTo(Outcome.CACHED);
    }

    @Test
    void publishFault_failsTheRecordAndTheRetryPublishesTheSameId() {
        fakes.downloader.serve(URL, BODY);
        fakes.publisher.failure = new PublishException("broker down", null);
        Wnm wnm = Wnm.data().href(URL);
        assertThatThrownBy(() -> process(wnm)).isInstanceOf(PublishException.class);
        assertThat(fakes.claims.seen).isEmpty();

        fakes.publisher.failure = null;
        process(wnm);
        process(wnm);
        assertThat(fakes.publisher.messages).hasSize(1);
        assertThat(fakes.claims.seen).containsKey("xx-test " + wnm.dataId());
    }

    @Test
    void claimHeldByAnotherWorker_isAwaitedThenTheCopyIsADuplicate() throws Exception {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL);
        var pubtime = wis2.gc.model.Pubtime.parse(wnm.pubtime());
        var held = (ClaimStore.ClaimResult.Claimed) fakes.claims.claim("xx-test", wnm.dataId(), pubtime, false,
                "other-worker");
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            fakes.claims.commit(held.claim());
        });

        assertThat(process(wnm).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(fakes.downloader.calls).isEmpty();
    }

    @Test
    void claimHeldTooLong_failsTheRecordForRetry() {
        processor = processor(TestConfig.builder().claimWait(Duration.ZERO).build());
        Wnm wnm = Wnm.data().href(URL);
        fakes.claims.claim("xx-test", wnm.dataId(), wis2.gc.model.Pubtime.parse(wnm.pubtime()), false, "other-worker");

        assertThatThrownBy(() -> process(wnm)).isInstanceOf(ClaimBusyException.class)
                .hasMessageContaining(wnm.dataId());
    }

    @Test
    void retryOfTheSameMessage_doesNotTakeOverTheLiveClaimOfItsFirstRun() {
        processor = processor(TestConfig.builder().claimWait(Duration.ZERO).build());
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL);
        // the first run, still alive
        fakes.claims.claim("xx-test", wnm.dataId(), wis2.gc.model.Pubtime.parse(wnm.pubtime()), false, "m-1");

        assertThatThrownBy(() -> process(wnm)).isInstanceOf(ClaimBusyException.class); // the same message id m-1
        assertThat(fakes.downloader.calls).isEmpty();
        assertThat(fakes.publisher.messages).isEmpty();
    }

    private RecordProcessor.Result process(Wnm wnm, int receiveCount, Deadline deadline) {
        return processor.process(
                new RecordProcessor.InboundRecord("m-" + (++messages), wnm.json(), TOPIC, receiveCount), deadline);
    }

    private static TransientSourceException transientFailure() {
        return new TransientSourceException("http-503", "source answered 503 for " + URL, "node.example.org", false,
                java.util.Optional.empty(), null);
    }

    @Test
    void transientFailure_belowTheAttemptLimit_goesBackToTheQueue_blamingNobody() {
        fakes.downloader.fail(URL, transientFailure());
        Wnm wnm = Wnm.data().href(URL);

        assertThatThrownBy(() -> process(wnm, 2, Deadline.NONE)).isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("attempt 2 of 3");
        assertThat(fakes.claims.held).isEmpty();
        assertThat(fakes.publisher.messages).isEmpty();
        assertThat(metric(Metric.DOWNLOADED_ERRORS_TOTAL)).isZero();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"retry\"");
    }

    @Test
    void transientFailure_atTheAttemptLimit_isACountedDownloadFailure_notADlqEntry() {
        fakes.downloader.fail(URL, transientFailure());
        Wnm wnm = Wnm.data().href(URL);

        RecordProcessor.Result result = process(wnm, 3, Deadline.NONE);

        assertThat(result.outcome()).isEqualTo(Outcome.DOWNLOAD_FAILED);
        assertThat(result.reason()).isEqualTo("http-503");
        assertThat(metric(Metric.DOWNLOADED_ERRORS_TOTAL)).isEqualTo(1);
        assertThat(fakes.publisher.on("monitor/a/wis2/xx-test")).hasSize(1);
        assertThat(fakes.publisher.on("cache/")).isEmpty();
        assertThat(fakes.claims.held).isEmpty();
    }

    @Test
    void downloadCutByTheBudget_isACountedFailure_whoseEventNamesTheTimeBudget() {
        fakes.downloader.fail(URL, new DownloadFailedException("time-budget",
                "could not be fetched within the cache's time budget: " + URL + " was still being read"));
        Wnm wnm = Wnm.data().href(URL);

        assertThat(process(wnm, 1, Deadline.after(java.time.Duration.ofSeconds(30))).outcome())
                .isEqualTo(Outcome.DOWNLOAD_FAILED);
        assertThat(metric(Metric.DOWNLOADED_ERRORS_TOTAL)).isEqualTo(1);
        String event = new String(fakes.publisher.on("monitor/").getFirst().payload(), StandardCharsets.UTF_8);
        assertThat(event).contains("within the cache's time budget");
        assertThat(fakes.claims.held).isEmpty();
    }

    @Test
    void ownNetworkFault_failsTheRecord_isCountedAndLogged_andBlamesNoSource() {
        fakes.downloader.fail(URL, new OwnNetworkException("many distinct sources are unreachable at once", null));
        Wnm wnm = Wnm.data().href(URL);

        assertThatThrownBy(() -> process(wnm, 5, Deadline.NONE)).isInstanceOf(OwnNetworkException.class);
        assertThat(fakes.publisher.messages).isEmpty();
        assertThat(metric(Metric.DOWNLOADED_ERRORS_TOTAL)).isZero();
        assertThat(metric(Metric.GC_OWN_NETWORK_FAULTS_TOTAL)).isEqualTo(1);
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .contains("\"outcome\":\"" + RecordProcessor.OWN_NETWORK_FAULT + "\"");
        assertThat(fakes.claims.held).isEmpty();
    }

    @Test
    void download_getsTheInvocationDeadlineLessTheReserve_andTheClaimOutlivesTheInvocation() {
        fakes.downloader.serve(URL, BODY);
        process(Wnm.data().href(URL), 1, Deadline.after(java.time.Duration.ofSeconds(30)));

        java.time.Duration budget = fakes.downloader.budgets.getFirst().remaining();
        // 30 s less the 2 s reserve
        assertThat(budget).isBetween(java.time.Duration.ofSeconds(26), java.time.Duration.ofSeconds(28));
        assertThat(fakes.claims.leases.getFirst())
                .isBetween(java.time.Duration.ofSeconds(33), java.time.Duration.ofSeconds(35));
    }

    @Test
    void redeliveryAfterACrashBetweenPublishAndCommit_resendsTheSameIdWithoutDownloading() {
        fakes.downloader.serve(URL, BODY);
        Wnm wnm = Wnm.data().href(URL);
        fakes.claims.commitFailure = new RedisFailureException("Redis went away after the publish", null);
        assertThatThrownBy(() -> process(wnm, 1, Deadline.NONE)).isInstanceOf(RedisFailureException.class);
        fakes.claims.commitFailure = null;

        RecordProcessor.Result again = process(wnm, 2, Deadline.NONE);

        assertThat(again.outcome()).isEqualTo(Outcome.CACHED);
        assertThat(again.reason()).isEqualTo("already-stored");
        assertThat(fakes.downloader.calls).hasSize(1);
        List<Fakes.RecordingPublisher.Message> republished = fakes.publisher.on("cache/");
        assertThat(republished).hasSize(2);
        assertThat(Wnm.parse(republished.get(1).payload())).isEqualTo(Wnm.parse(republished.get(0).payload()));
        assertThat(fakes.claims.seen).containsKey("xx-test " + wnm.dataId());
    }

    @Test
    void sameMessageDeliveredAgainWhileTheFirstRunLives_isPublishedOnce() throws Exception {
        CountDownLatch downloading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fakes.downloader.bodies.put(java.net.URI.create(URL), () -> {
            downloading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return BODY;
        });
        String body = Wnm.data().href(URL).json();
        var first = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                .submit(() -> processor.process(new RecordProcessor.InboundRecord("m-same", body, TOPIC, 1),
                Deadline.NONE));
        assertThat(downloading.await(5, TimeUnit.SECONDS)).isTrue();

        // SQS hands the same message out again (its visibility ended) while the first run still downloads
        var second = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                .submit(() -> processor.process(new RecordProcessor.InboundRecord("m-same", body, TOPIC, 2),
                Deadline.NONE));
        Thread.sleep(300);
        assertThat(second.isDone()).as("the retry waits for the live claim").isFalse();
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.CACHED);
        assertThat(second.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(fakes.publisher.on("cache/")).hasSize(1);
        assertThat(fakes.downloader.calls).hasSize(1);
    }

    @Test
    void downloadThatCannotStartInTime_goesBackToTheQueue_blamingNobody() {
        fakes.downloader.serve(URL, BODY);
        // 2 s reserve + 1 s: less than the 5 s connect timeout left for the download
        assertThatThrownBy(() -> process(Wnm.data().href(URL), 1, Deadline.after(java.time.Duration.ofSeconds(3))))
                .isInstanceOf(RetryLaterException.class).hasMessageContaining("too little time");
        assertThat(fakes.downloader.calls).isEmpty();
        assertThat(fakes.publisher.messages).isEmpty();
        assertThat(fakes.claims.held).isEmpty();
        assertThat(metric(Metric.DOWNLOADED_ERRORS_TOTAL)).isZero();
    }
}
