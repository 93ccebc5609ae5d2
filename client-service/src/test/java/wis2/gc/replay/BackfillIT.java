package wis2.gc.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import wis2.gc.listener.ListenerConfig;
import wis2.gc.model.Metric;
import wis2.gc.standins.EmbeddedReplay;
import wis2.gc.testing.Poll;

/**
 * The backfill against the Global Replay stand-in (HTTP on 127.0.0.1), with its shared state in
 * memory and a queue that records what it is given.
 */
class BackfillIT {

    private static final String OWN_CENTRE = "xx-test-global-cache";
    private final MemoryReplayState state = new MemoryReplayState();
    private final List<ReplaySink.Entry> queued = new CopyOnWriteArrayList<>();
    private final ReplaySink sink = entries -> {
        queued.addAll(entries);
        return entries.size();
    };
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private static ReplayConfig config(URI url, Duration maxGap) {
        return ReplayConfig.builder().url(url).serviceName("test-replay").redisUrl(URI.create("redis://127.0.0.1:1"))
                .maxGap(maxGap).settle(Duration.ofSeconds(1)).pageSize(2).requestInterval(Duration.ZERO)
                .timeout(Duration.ofSeconds(2)).retryMax(Duration.ofSeconds(1)).build();
    }

    private static ListenerConfig listener(String broker, String centre) {
        return ListenerConfig.builder()
                .centreId(OWN_CENTRE)
                .brokerName(broker)
                .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL", "mqtt://127.0.0.1:1"))
                .subscriptions(List.of("origin/a/wis2/" + centre + "/#", "cache/a/wis2/" + centre + "/#"))
                .queueUrl(URI.create("http://127.0.0.1:1/000000000000/test.fifo"))
                .region("us-east-1")
                .build();
    }

    private Backfill backfill(ReplayConfig config, String broker, String centre) {
        ReplayClient client = ReplayClient.of(config);
        Backfill backfill = new Backfill(config, listener(broker, centre), state, client, sink, Clock.systemUTC(),
                client::close).startWatching();
        open.add(backfill);
        return backfill;
    }

    private EmbeddedReplay replay() {
        EmbeddedReplay replay = EmbeddedReplay.start();
        open.add(replay);
        return replay;
    }

    /** {@code count} notifications of {@code centre} with pubtimes from {@code first}, one a second; returns their
     * bytes. */
    private static List<byte[]> publish(EmbeddedReplay replay, String centre, Instant first, int count) {
        List<byte[]> published = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] n = TestNotifications.notification(UUID.randomUUID().toString(), centre + "/data/" + i + "-"
                    + UUID.randomUUID(),
                    first.plusSeconds(i));
            replay.add(TestNotifications.topic(centre), n);
            published.add(n);
        }
        return published;
    }

    private void recordEarlierSession(String broker, Instant lastForwarded) {
        state.saveMark(broker, new ReplayState.Mark(lastForwarded, lastForwarded));
    }

    @Test
    void aLostSession_fetchesWhatTheSubscriptionsMatchOnceEachWithoutTheirTopic() {
        Instant now = Instant.now();
        EmbeddedReplay replay = replay();
        List<byte[]> wanted = publish(replay, "c-lost", now.minusSeconds(40), 5);
        publish(replay, "c-other", now.minusSeconds(40), 3); // not subscribed to
        publish(replay, "c-lost", now.minus(Duration.ofHours(2)), 2); // long before the gap
        byte[] ownRepublication =
        new String(TestNotifications.notification("own", "c-lost/data/own", now.minusSeconds(30)),
                StandardCharsets.UTF_8).replace("\"pubtime\"", "\"global-cache\":\"" + OWN_CENTRE + "\",\"pubtime\"")
                .getBytes(StandardCharsets.UTF_8);
        replay.add("cache/a/wis2/c-lost/data/core/weather", ownRepublication);
        recordEarlierSession("gb-lost", now.minusSeconds(60));

        Backfill backfill = backfill(config(replay.baseUrl(), Duration.ofHours(6)), "gb-lost", "c-lost");
        backfill.connected(false, java.time.Instant.now());

        Poll.until(Duration.ofSeconds(20), () -> queued.size() >= wanted.size(),
                "the gap's notifications to be queued");
        Poll.until(Duration.ofSeconds(20), () -> state.pending(backfill.subscriptionSet()).isEmpty(),
                "the gap to be filled");
        assertThat(queued).extracting(ReplaySink.Entry::body)
                .containsExactlyInAnyOrderElementsOf(wanted.stream().map(b -> new String(b, StandardCharsets.UTF_8))
                .toList());
        assertThat(queued).allSatisfy(e -> {
            assertThat(e.body()).doesNotContain("\"topic\"");
            assertThat(e.topic()).isEqualTo(TestNotifications.topic("c-lost"));
        });
        // paged: 2 per page, so more requests than windows, each with a datetime interval
        assertThat((long) replay.requests().size()).isGreaterThan(backfill.counts().windowsFetched());
        assertThat(replay.requests()).allSatisfy(q -> assertThat(q).contains("datetime="));
        assertThat(state.counter(Metric.GC_BACKFILL_NOTIFICATIONS_TOTAL, "enqueued")).isEqualTo(wanted.size());
        assertThat(state.counter(Metric.GC_BACKFILL_WINDOWS_TOTAL, "fetched"))
                .isEqualTo(backfill.counts().windowsFetched());
    }

    @Test
    void aSessionKeptAndShortlyDown_isNoGap() throws InterruptedException {
        EmbeddedReplay replay = replay();
        publish(replay, "c-kept", Instant.now().minusSeconds(20), 3);
        recordEarlierSession("gb-kept", Instant.now().minusSeconds(30));

        Backfill backfill = backfill(config(replay.baseUrl(), Duration.ofHours(6)), "gb-kept", "c-kept");
        backfill.connected(true, java.time.Instant.now());
        Thread.sleep(2_500);

        assertThat(replay.requests()).isEmpty();
        assertThat(queued).isEmpty();
    }

    @Test
    void twoListenersSeeingTheSameGap_fetchItOnce() {
        Instant now = Instant.now();
        EmbeddedReplay replay = replay();
        List<byte[]> wanted = publish(replay, "c-two", now.minusSeconds(50), 6);
        recordEarlierSession("gb-one", now.minusSeconds(60));
        recordEarlierSession("gb-two", now.minusSeconds(59));
        ReplayConfig config = config(replay.baseUrl(), Duration.ofHours(6));

        Backfill one = backfill(config, "gb-one", "c-two");
        Backfill two = backfill(config, "gb-two", "c-two");
        one.connected(false, java.time.Instant.now());
        two.connected(false, java.time.Instant.now());

        int windows = new Gap(now.minusSeconds(60).minus(Duration.ofMinutes(5)), now).windows(Duration.ofMinutes(15))
                .size();
        Poll.until(Duration.ofSeconds(20), () -> queued.size() >= wanted.size(),
                "the gap's notifications to be queued");
        // the second gap's windows are found fetched already (by whichever worker takes that gap)
        Poll.until(Duration.ofSeconds(20), () -> one.counts().windowsSkipped() + two.counts()
                .windowsSkipped() >= windows
                && state.pending(one.subscriptionSet()).isEmpty(), "both gaps to be done with");
        assertThat(queued).hasSize(wanted.size());
        assertThat(one.counts().windowsFetched() + two.counts().windowsFetched()).isEqualTo(windows);
        // every page asked for once: no page of any window twice
        assertThat(replay.requests()).doesNotHaveDuplicates();
    }

    @Test
    void aReplayServiceThatAnswers500_isRetriedUntilItAnswers() {
        Instant now = Instant.now();
        EmbeddedReplay replay = replay();
        List<byte[]> wanted = publish(replay, "c-500", now.minusSeconds(30), 3);
        recordEarlierSession("gb-500", now.minusSeconds(40));
        replay.failNext(ReplayClient.ATTEMPTS + 1, 500); // the first round fails whole, the second retries once

        Backfill backfill = backfill(config(replay.baseUrl(), Duration.ofHours(6)), "gb-500", "c-500");
        backfill.connected(false, java.time.Instant.now());

        Poll.until(Duration.ofSeconds(20), () -> queued.size() >= wanted.size(),
                "the notifications once the service answers");
        assertThat(backfill.counts().windowsFailed()).isGreaterThanOrEqualTo(1);
        assertThat(state.counter(Metric.GC_BACKFILL_WINDOWS_TOTAL, "failed")).isGreaterThanOrEqualTo(1);
        assertThat(queued).hasSize(wanted.size());
    }

    @Test
    void aReplayServiceThatIsDown_isRetriedOnceItIsUp() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Instant now = Instant.now();
        recordEarlierSession("gb-down", now.minusSeconds(40));
        Backfill backfill = backfill(config(URI.create("http://127.0.0.1:" + port), Duration.ofHours(6)), "gb-down", "c-down");
        backfill.connected(false, java.time.Instant.now());
        Poll.until(Duration.ofSeconds(20), () -> backfill.counts().windowsFailed() >= 1,
                "a failed window while nothing listens");
        assertThat(state.pending(backfill.subscriptionSet())).hasSize(1);

        EmbeddedReplay replay = EmbeddedReplay.start(port);
        open.add(replay);
        List<byte[]> wanted = publish(replay, "c-down", now.minusSeconds(30), 4);

        Poll.until(Duration.ofSeconds(20), () -> queued.size() >= wanted.size(),
                "the notifications once the service is up");
        Poll.until(Duration.ofSeconds(20), () -> state.pending(backfill.subscriptionSet()).isEmpty(),
                "the gap to be filled");
        assertThat(queued).hasSize(wanted.size());
    }

    @Test
    void aGapLongerThanTheMaximum_isCutToTheMostRecentPartAndCounted() {
        Instant now = Instant.now();
        EmbeddedReplay replay = replay();
        publish(replay, "c-long", now.minus(Duration.ofHours(3)), 2); // in the part that is cut off
        List<byte[]> recent = publish(replay, "c-long", now.minus(Duration.ofMinutes(20)), 2);
        recordEarlierSession("gb-long", now.minus(Duration.ofHours(4)));

        Backfill backfill = backfill(config(replay.baseUrl(), Duration.ofHours(1)), "gb-long", "c-long");
        backfill.connected(false, java.time.Instant.now());

        Poll.until(Duration.ofSeconds(20), () -> state.counter(Metric.GC_BACKFILL_WINDOWS_TOTAL, "truncated") == 1,
                "the cut to be counted");
        Poll.until(Duration.ofSeconds(20), () -> state.pending(backfill.subscriptionSet()).isEmpty()
                && !queued.isEmpty(), "the recent hour to be filled");
        assertThat(queued).extracting(ReplaySink.Entry::body)
                .containsExactlyInAnyOrderElementsOf(recent.stream().map(b -> new String(b, StandardCharsets.UTF_8))
                .toList());
        assertThat(backfill.counts().windowsFetched()).isBetween(4L, 5L);
    }

    @Test
    void theMarkIsTheCachesClockWrittenAtMostOnceASecond() throws InterruptedException {
        EmbeddedReplay replay = replay();
        Backfill backfill = backfill(config(replay.baseUrl(), Duration.ofHours(6)), "gb-mark", "c-mark");
        backfill.connected(true, java.time.Instant.now());
        Instant before = Instant.now();
        long end = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
        int calls = 0;
        while (System.nanoTime() < end) {
            backfill.forwarded(java.time.Instant.now());
            calls++;
            Thread.sleep(1);
        }
        Instant after = Instant.now();
        Poll.until(Duration.ofSeconds(20), () -> state.mark("gb-mark").isPresent(), "a mark");

        assertThat(calls).isGreaterThan(500);
        assertThat(state.markWrites().size()).isBetween(1, 4);
        assertThat(state.mark("gb-mark").orElseThrow().forwarded()).isBetween(before, after.plusSeconds(1));
    }

    @Test
    void byHand_fetchesExactlyTheIntervalAskedForEvenIfFetchedBefore() throws InterruptedException {
        Instant now = Instant.now();
        EmbeddedReplay replay = replay();
        List<byte[]> wanted = publish(replay, "c-hand", now.minusSeconds(100), 3);
        publish(replay, "c-hand", now.minusSeconds(20), 2); // after the interval
        ReplayConfig config = config(replay.baseUrl(), Duration.ofHours(6));
        ReplayClient client = ReplayClient.of(config);
        try (Backfill backfill = new Backfill(config, listener("gb-hand", "c-hand"), state, client, sink,
                Clock.systemUTC(),
                client::close)) {
            Backfill.Result first = backfill.replay(now.minusSeconds(100), now.minusSeconds(90));
            Backfill.Result second = backfill.replay(now.minusSeconds(100), now.minusSeconds(90));

            assertThat(first.enqueued()).isEqualTo(wanted.size());
            assertThat(second.enqueued()).isEqualTo(wanted.size());
            assertThat(queued).hasSize(2 * wanted.size());
        }
    }
}
