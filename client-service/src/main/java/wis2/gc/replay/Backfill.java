package wis2.gc.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import wis2.gc.listener.FeedObserver;
import wis2.gc.listener.ListenerConfig;
import wis2.gc.model.InvalidNotificationException;
import wis2.gc.model.InvalidTopicException;
import wis2.gc.model.Metric;
import wis2.gc.model.Notification;
import wis2.gc.model.SqsContract;
import wis2.gc.model.Topic;

/**
 * Backfill of one listener's feed from the WIS2 Global Replay service.
 *
 * <ol>
 *   <li><b>Feed mark.</b> As a {@link FeedObserver} it notes, on the cache's own clock, when SQS
 *   last accepted a message of the feed (never a pubtime: a publisher's clock far ahead cannot
 *   move it), and writes it to Redis at most once a second, with the time the listener was last
 *   seen connected; so the mark survives a restart of the listener or of the whole cache.</li>
 *   <li><b>Gap.</b> At each connection the broker's session-present flag and the time the feed was
 *   down decide ({@link GapPolicy}) whether messages may have been missed; the gap runs from the
 *   mark minus the margin to the first message of the new session (or the end of the settle
 *   time), cut to the most recent {@code maxGap}. It is recorded in Redis as pending.</li>
 *   <li><b>Fill.</b> A worker thread of its own (live traffic never waits for it) pages through
 *   each pending gap in windows of the fixed grid, keeps what the listener's subscriptions
 *   match, and enqueues it as the listener would. A Redis lock per window and a record of the
 *   windows fetched make every window fetched once across listeners with the same
 *   subscriptions. A failure leaves the gap pending; it is tried again with a growing pause
 *   (and at the next start of any listener), until the service no longer keeps that time.</li>
 * </ol>
 */
public final class Backfill implements FeedObserver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    /** The Global Replay service keeps notifications for at least this long. */
    static final Duration SERVICE_RETENTION = Duration.ofDays(3);
    /** Longer than any window takes; a listener that dies holding a lock only delays that window. */
    static final Duration LOCK_TTL = Duration.ofMinutes(10);
    /** While another listener holds a window's lock, look again this soon. */
    static final Duration BUSY_PAUSE = Duration.ofSeconds(2);
    private static final Duration MARK_PERIOD = Duration.ofSeconds(1);
    /** While nothing is forwarded, the "alive" time is refreshed this often. */
    private static final Duration ALIVE_PERIOD = Duration.ofSeconds(5);

    /** What a backfill did, as counted since start (also in Redis, for {@code /metrics}). */
    record Counts(long windowsFetched, long windowsFailed, long windowsSkipped, long found, long matched,
            long enqueued) {}

    /** What a replay asked for by hand did. */
    public record Result(int windows, long found, long matched, long enqueued) {}

    private enum WindowOutcome { DONE, BUSY }

    private final ReplayConfig config;
    private final String broker;
    private final String centreId;
    private final int maxMessageBytes;
    private final String set;
    private final String owner;
    private final TopicMatcher matcher;
    private final GapPolicy policy;
    private final ReplayState state;
    private final ReplayClient client;
    private final ReplaySink sink;
    private final Clock clock;
    private final AutoCloseable owned;
    private final Thread marks;
    private final Thread worker;
    private final Object signal = new Object();

    private final AtomicLong windowsFetched = new AtomicLong();
    private final AtomicLong windowsFailed = new AtomicLong();
    private final AtomicLong windowsSkipped = new AtomicLong();
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();

    // the feed, guarded by this
    private Instant lastForwarded;
    private Instant markAtDown;
    private Instant downSince;
    private boolean connected;
    private Instant openStart;
    private Instant openConnectedAt;
    private Instant openFirstForward;
    private final List<Gap> ready = new ArrayList<>();
    private boolean dirty;
    private Instant lastWrite = Instant.EPOCH;
    private Instant lastMarkWarning = Instant.EPOCH; // the marks thread's own

    private volatile boolean running = true;
    private boolean wake = true;
    private int failures;
    /** When the next round over the pending gaps is due; null: when a gap is recorded. */
    private Instant nextAttempt = Instant.EPOCH;
    private boolean started;

    Backfill(ReplayConfig config, ListenerConfig listener, ReplayState state, ReplayClient client, ReplaySink sink,
             Clock clock, AutoCloseable owned) {
        this.config = config;
        this.broker = listener.brokerName();
        this.centreId = listener.centreId();
        this.maxMessageBytes = listener.maxMessageBytes(); // the work queue's limit, as the listener keeps it
        this.set = subscriptionSet(listener.subscriptions());
        this.owner = broker + "-" + UUID.randomUUID();
        this.matcher = new TopicMatcher(listener.subscriptions());
        this.policy = new GapPolicy(config.margin(), config.threshold(), config.maxGap());
        this.state = state;
        this.client = client;
        this.sink = sink;
        this.clock = clock;
        this.owned = owned;
        this.marks = Thread.ofPlatform().name("backfill-marks-" + broker).daemon().unstarted(this::markLoop);
        this.worker = Thread.ofPlatform().name("backfill-" + broker).daemon().unstarted(this::fillLoop);
    }

    /** Reads the feed mark and starts watching the feed and filling gaps. */
    Backfill startWatching() {
        started = true;
        loadMark();
        marks.start();
        worker.start();
        LOG.info("backfill for " + broker + " from " + config.url() + " as '" + config.serviceName()
                + "' (subscription set " + set + "): " + config);
        return this;
    }

    /**
     * The backfill of one listener configured from the environment, with its own SQS client;
     * empty (said in one log line) when {@code GC_GLOBAL_REPLAY_URL} is unset.
     *
     * @throws wis2.gc.config.ConfigException naming the variable at fault
     */
    public static Optional<Backfill> fromEnvironment(Map<String, String> env, ListenerConfig listener) {
        Optional<ReplayConfig> replay = ReplayConfig.fromEnvironment(env);
        if (replay.isEmpty()) {
            LOG.info("GC_GLOBAL_REPLAY_URL is not set: no backfill after gaps in the feed of "
                    + listener.brokerName());
            return Optional.empty();
        }
        SqsClient sqs = sqsClient(listener);
        try {
            return Optional.of(start(replay.get(), listener, sqs, sqs));
        } catch (RuntimeException e) {
            sqs.close();
            throw e;
        }
    }

    /** Starts the backfill of {@code listener}'s feed, sending through {@code sqs} (which stays the caller's). */
    public static Backfill start(ReplayConfig config, ListenerConfig listener, SqsClient sqs) {
        return start(config, listener, sqs, () -> { });
    }

    private static Backfill start(ReplayConfig config, ListenerConfig listener, SqsClient sqs, AutoCloseable owned) {
        return create(config, listener, sqs, owned).startWatching();
    }

    /** A backfill that only serves {@link #replay} (no feed, no worker): what a replay by hand runs. */
    static Backfill create(ReplayConfig config, ListenerConfig listener, SqsClient sqs, AutoCloseable owned) {
        RedisReplayState state = new RedisReplayState(config.redisUrl(), config.redisToken());
        ReplayClient client = ReplayClient.of(config);
        return new Backfill(config, listener, state, client,
                new SqsReplaySink(sqs, listener.queueUrl(), config.serviceName(), Clock.systemUTC()),
                Clock.systemUTC(), () -> {
                    client.close();
                    state.close();
                    owned.close();
                });
    }

    static SqsClient sqsClient(ListenerConfig listener) {
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(listener.region()))
                .httpClient(UrlConnectionHttpClient.create());
        listener.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    // ---- the feed (FeedObserver: called on listener threads, never blocks) ----

    @Override
    public synchronized void connected(boolean sessionPresent, Instant now) {
        closeOpenGap(now);
        if (connected) {
            downSince = now; // a reconnection we were not told about: down for no time
            markAtDown = lastForwarded;
        }
        connected = true;
        Optional<Instant> start = policy.gapStart(sessionPresent, Optional.ofNullable(markAtDown),
                downSince == null ? now : downSince, now);
        if (start.isEmpty()) {
            LOG.info("backfill " + broker + ": connected, session " + (sessionPresent ? "present" : "absent")
                    + (markAtDown == null ? ", no earlier record of this feed: nothing to backfill"
                    : ", last forwarded " + markAtDown + ": no gap"));
            return;
        }
        openStart = start.get();
        openConnectedAt = now;
        openFirstForward = null;
        LOG.info("backfill " + broker + ": connected, session " + (sessionPresent ? "present" : "absent")
                + ", down since " + downSince + ", last forwarded " + markAtDown + ": gap from " + openStart
                + " to the first message of this session");
    }

    @Override
    public synchronized void disconnected(Instant now) {
        closeOpenGap(now);
        if (connected) {
            connected = false;
            downSince = now;
            markAtDown = lastForwarded;
        }
    }

    @Override
    public synchronized void forwarded(Instant now) {
        if (lastForwarded == null || now.isAfter(lastForwarded)) {
            lastForwarded = now;
        }
        if (openStart != null && openFirstForward == null) {
            openFirstForward = now;
        }
        dirty = true;
    }

    /** Ends the open gap at {@code end} (guarded by this). */
    private void closeOpenGap(Instant at) {
        if (openStart == null) {
            return;
        }
        // whole milliseconds: what Redis keeps, and what the service is asked for
        Instant start = openStart.truncatedTo(ChronoUnit.MILLIS);
        Instant end = at.truncatedTo(ChronoUnit.MILLIS);
        openStart = null;
        Optional<Gap> older = policy.cutOff(start, end);
        Gap gap = policy.cap(start, end, openConnectedAt.truncatedTo(ChronoUnit.MILLIS));
        older.ifPresent(cut -> {
            LOG.warn("backfill " + broker + ": the gap from " + cut.start() + " to " + end + " is longer than "
                    + config.maxGap() + " (GC_REPLAY_MAX_GAP_HOURS); " + cut.start() + " to " + cut.end()
                    + " is NOT backfilled; ask for it by hand: replay --from " + cut.start() + " --to " + cut.end());
            countQuietly(Metric.GC_BACKFILL_WINDOWS_TOTAL, "truncated", 1);
        });
        ready.add(gap);
    }

    private void loadMark() {
        try {
            Optional<ReplayState.Mark> mark = state.mark(broker);
            synchronized (this) {
                mark.ifPresent(m -> {
                    lastForwarded = m.forwarded();
                    markAtDown = m.forwarded();
                    downSince = m.alive();
                });
            }
        } catch (ReplayStateException e) {
            LOG.warn("backfill " + broker + ": cannot read the feed mark (" + e.getMessage()
                    + "); a gap before this start is not detected");
        }
    }

    private void markLoop() {
        while (running) {
            try {
                Thread.sleep(MARK_PERIOD);
            } catch (InterruptedException e) {
                break;
            }
            tick();
        }
        tick(); // the last mark, at close
    }

    /** Writes the mark when due and hands finished gaps to Redis and the worker. */
    void tick() {
        Instant now = clock.instant();
        ReplayState.Mark mark = null;
        List<Gap> gaps;
        synchronized (this) {
            if (openStart != null && (openFirstForward != null
                    || !now.isBefore(openConnectedAt.plus(config.settle())))) {
                closeOpenGap(openFirstForward != null ? openFirstForward : now);
            }
            boolean due = dirty || connected && !now.isBefore(lastWrite.plus(ALIVE_PERIOD));
            if (lastForwarded != null && due) {
                mark = new ReplayState.Mark(lastForwarded, connected ? now : downSince == null ? lastForwarded
                        : downSince);
                dirty = false;
                lastWrite = now;
            }
            gaps = List.copyOf(ready);
            ready.clear();
        }
        if (mark != null) {
            try {
                state.saveMark(broker, mark);
            } catch (ReplayStateException e) {
                synchronized (this) {
                    dirty = true;
                }
                if (!now.isBefore(lastMarkWarning.plus(Duration.ofMinutes(1)))) { // once a minute, not every second
                    lastMarkWarning = now;
                    LOG.warn("backfill " + broker + ": the feed mark is not written (" + e.getMessage()
                            + "); a gap after a restart may start later than it should");
                }
            }
        }
        for (int i = 0; i < gaps.size(); i++) {
            try {
                state.addPending(set, gaps.get(i));
                LOG.info("backfill " + broker + ": gap " + gaps.get(i).start() + " to " + gaps.get(i).end()
                        + " recorded, to be fetched from " + config.serviceName());
            } catch (ReplayStateException e) {
                synchronized (this) {
                    ready.addAll(gaps.subList(i, gaps.size())); // kept for the next tick
                }
                LOG.warn("backfill " + broker + ": cannot record a gap yet: " + e.getMessage());
                break;
            }
        }
        if (!gaps.isEmpty()) {
            wake();
        }
    }

    // ---- the fill worker ----

    private void fillLoop() {
        while (running) {
            try {
                synchronized (signal) {
                    while (running && !wake && (nextAttempt == null || clock.instant().isBefore(nextAttempt))) {
                        long left = nextAttempt == null ? 1_000 : Duration.between(clock.instant(), nextAttempt)
                                .toMillis();
                        signal.wait(Math.max(1, Math.min(left, 1_000)));
                    }
                    wake = false;
                }
                if (!running) {
                    return;
                }
                fillPending();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round over the pending gaps; sets when the next round is due. */
    void fillPending() throws InterruptedException {
        Instant now = clock.instant();
        try {
            boolean busy = false;
            for (Gap gap : state.pending(set)) {
                if (gap.end().isBefore(now.minus(SERVICE_RETENTION))) {
                    LOG.warn("backfill " + broker + ": gap " + gap.start() + " to " + gap.end()
                            + " is older than the service keeps notifications (" + SERVICE_RETENTION.toDays()
                            + " days): given up");
                    countQuietly(Metric.GC_BACKFILL_WINDOWS_TOTAL, "expired", 1);
                    state.removePending(set, gap);
                    continue;
                }
                if (fill(gap, false) == WindowOutcome.BUSY) {
                    busy = true;
                } else {
                    state.removePending(set, gap);
                }
            }
            failures = 0;
            nextAttempt = busy ? now.plus(BUSY_PAUSE) : null;
        } catch (ReplayException | ReplayStateException | SdkException | IllegalArgumentException e) {
            failures++;
            Duration pause = retryPause(failures);
            nextAttempt = clock.instant().plus(pause);
            LOG.warn("backfill " + broker + ": " + e.getMessage() + "; the gap stays pending, next try in "
                    + pause.toMillis() + " ms (attempt " + failures + ")");
        }
    }

    /** The pause after the n-th failure in a row: doubling from {@code retryInitial} to {@code retryMax}. */
    Duration retryPause(int failure) {
        Duration pause = config.retryInitial();
        for (int i = 1; i < failure && pause.compareTo(config.retryMax()) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(config.retryMax()) > 0 ? config.retryMax() : pause;
    }

    private WindowOutcome fill(Gap gap, boolean byHand) throws InterruptedException {
        WindowOutcome outcome = WindowOutcome.DONE;
        for (Gap.Window window : gap.windows(config.window())) {
            if (!running) {
                throw new InterruptedException("stopping");
            }
            if (fillWindow(window, gap, byHand) == WindowOutcome.BUSY) {
                outcome = WindowOutcome.BUSY;
            }
        }
        return outcome;
    }

    private WindowOutcome fillWindow(Gap.Window window, Gap gap, boolean byHand) throws InterruptedException {
        Instant until = window.until();
        if (!byHand && alreadyFetched(window, gap)) {
            return WindowOutcome.DONE;
        }
        if (!byHand && !state.lock(set, window.slot(), owner, LOCK_TTL)) {
            return WindowOutcome.BUSY; // another listener is fetching it
        }
        try {
            if (!byHand && alreadyFetched(window, gap)) {
                return WindowOutcome.DONE;
            }
            // by hand, exactly what was asked for; otherwise the whole slot, so its record means "all of it"
            Instant from = byHand && gap.start().isAfter(window.start()) ? gap.start() : window.start();
            long[] counts = new long[4]; // found, matched, enqueued, skipped
            int pages;
            try {
                pages = client.fetch(from, until, page -> {
                    List<ReplaySink.Entry> entries = select(page.notifications());
                    counts[0] += page.notifications().size() + page.skipped();
                    counts[1] += entries.size();
                    counts[3] += page.skipped();
                    counts[2] += sink.send(entries);
                });
            } catch (ReplayException | SdkException e) {
                windowsFailed.incrementAndGet();
                countQuietly(Metric.GC_BACKFILL_WINDOWS_TOTAL, "failed", 1);
                LOG.warn("backfill " + broker + ": window " + from + "/" + until + " from "
                        + config.serviceName() + " failed: " + e.getMessage());
                throw e;
            }
            if (!byHand || !from.isAfter(window.start())) {
                state.fetched(set, window.slot(), until);
            }
            windowsFetched.incrementAndGet();
            found.addAndGet(counts[0]);
            matched.addAndGet(counts[1]);
            enqueued.addAndGet(counts[2]);
            countQuietly(Metric.GC_BACKFILL_WINDOWS_TOTAL, "fetched", 1);
            countQuietly(Metric.GC_BACKFILL_NOTIFICATIONS_TOTAL, "found", counts[0]);
            countQuietly(Metric.GC_BACKFILL_NOTIFICATIONS_TOTAL, "matched", counts[1]);
            countQuietly(Metric.GC_BACKFILL_NOTIFICATIONS_TOTAL, "enqueued", counts[2]);
            LOG.info("backfill " + broker + ": window " + from + "/" + until + " from " + config.serviceName()
                    + ": " + pages + " page(s), " + counts[0] + " found, " + counts[1] + " matched the subscriptions, "
                    + counts[2] + " enqueued" + (counts[3] > 0 ? ", " + counts[3] + " without a topic skipped" : ""));
            return WindowOutcome.DONE;
        } finally {
            if (!byHand) {
                try {
                    state.unlock(set, window.slot(), owner);
                } catch (ReplayStateException e) {
                    LOG.debug("backfill " + broker + ": the lock of " + window.slot()
                            + " expires by itself: " + e.getMessage());
                }
            }
        }
    }

    private boolean alreadyFetched(Gap.Window window, Gap gap) {
        Optional<Instant> fetched = state.fetchedUntil(set, window.slot());
        if (fetched.isPresent() && !fetched.get().isBefore(gap.enough(window))) {
            windowsSkipped.incrementAndGet();
            countQuietly(Metric.GC_BACKFILL_WINDOWS_TOTAL, "skipped", 1);
            return true;
        }
        return false;
    }

    /**
     * What the listener would have forwarded: on a topic its subscriptions match, a WIS2 topic
     * that is not {@code recommended}, with a {@code data_id}, not this cache's own
     * republication, and not larger than the listener takes.
     */
    List<ReplaySink.Entry> select(List<Replayed> notifications) {
        List<ReplaySink.Entry> entries = new ArrayList<>(notifications.size());
        for (Replayed n : notifications) {
            if (!matcher.matches(n.topic()) || n.body().length > maxMessageBytes) {
                continue;
            }
            try {
                if (Topic.parse(n.topic()).isRecommended()) {
                    continue;
                }
                Notification.Peek peek = Notification.peek(n.body());
                if (peek.dataId() == null || peek.dataId().isEmpty() || centreId.equals(peek.globalCache())) {
                    continue;
                }
                String body = new String(n.body(), StandardCharsets.UTF_8);
                String identity = peek.id() != null ? peek.id() : "body:" + body;
                entries.add(new ReplaySink.Entry(n.topic(), body, SqsContract.groupId(peek.dataId()),
                        SqsContract.deduplicationId(identity)));
            } catch (InvalidTopicException | InvalidNotificationException e) {
                // not something the listener would forward either
            }
        }
        return entries;
    }

    // ---- by hand ----

    /**
     * Fetches and enqueues {@code from} to {@code to} now, on the calling thread, whatever was
     * fetched before (an operator asked); throws {@link IllegalStateException} when a window fails.
     */
    public Result replay(Instant from, Instant to) throws InterruptedException {
        Gap gap = new Gap(from, to);
        long foundBefore = found.get();
        long matchedBefore = matched.get();
        long enqueuedBefore = enqueued.get();
        try {
            fill(gap, true);
        } catch (ReplayException | ReplayStateException | SdkException e) {
            throw new IllegalStateException("replay of " + from + "/" + to + " failed: " + e.getMessage(), e);
        }
        return new Result(gap.windows(config.window()).size(), found.get() - foundBefore, matched.get() - matchedBefore,
                enqueued.get() - enqueuedBefore);
    }

    // ---- the rest ----

    Counts counts() {
        return new Counts(windowsFetched.get(), windowsFailed.get(), windowsSkipped.get(), found.get(), matched.get(),
                enqueued.get());
    }

    /** The name this backfill's subscriptions share in Redis with every listener subscribed the same. */
    public String subscriptionSet() {
        return set;
    }

    private void countQuietly(Metric metric, String label, long amount) {
        try {
            state.count(metric, List.of(centreId, label), amount);
        } catch (ReplayStateException e) {
            LOG.debug("backfill " + broker + ": counter not written: " + e.getMessage());
        }
    }

    private void wake() {
        synchronized (signal) {
            wake = true;
            signal.notifyAll();
        }
    }

    static String subscriptionSet(List<String> subscriptions) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    String.join("\n", subscriptions.stream().sorted().distinct().toList())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the worker (a window being fetched is abandoned and stays pending) and writes the last mark. */
    @Override
    public void close() {
        running = false;
        wake();
        if (started) {
            worker.interrupt();
            marks.interrupt();
            try {
                worker.join(Duration.ofSeconds(5));
                marks.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            owned.close();
        } catch (Exception e) {
            LOG.warn("closing the backfill of " + broker + " failed: " + e);
        }
    }
}
