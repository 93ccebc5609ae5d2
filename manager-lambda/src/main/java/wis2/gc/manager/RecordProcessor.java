package wis2.gc.manager;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import wis2.gc.manager.ClaimStore.Claim;
import wis2.gc.manager.ClaimStore.ClaimResult;
import wis2.gc.manager.download.BodySink;
import wis2.gc.manager.download.DownloadFailedException;
import wis2.gc.manager.download.Downloader;
import wis2.gc.manager.download.ObjectTooLargeException;
import wis2.gc.manager.download.OwnNetworkException;
import wis2.gc.manager.download.Payload;
import wis2.gc.manager.download.SourceRefusedException;
import wis2.gc.manager.download.TransientSourceException;
import wis2.gc.model.InlineContent;
import wis2.gc.model.Integrity;
import wis2.gc.model.IntegrityMethod;
import wis2.gc.model.InvalidContentException;
import wis2.gc.model.InvalidNotificationException;
import wis2.gc.model.InvalidTopicException;
import wis2.gc.model.Link;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricUpdates;
import wis2.gc.model.Notification;
import wis2.gc.model.ObjectKey;
import wis2.gc.model.Outcome;
import wis2.gc.model.Republish;
import wis2.gc.model.StreamingDigest;
import wis2.gc.model.Topic;

/**
 * Runs one SQS record to exactly one {@link Outcome}: parse, ignore recommended data, claim
 * the instance, then pass it through (cache=false, deletion, operator refusal) or cache it
 * (inline content or download, verify, store, publish), commit, count and log.
 *
 * <p>What a source does wrong (bad message, failed download, integrity mismatch, too large)
 * is an outcome. Only the cache's own faults (Redis, the object store, the broker, its own
 * network) throw, after the claim is released, so SQS retries the record; so does a transient
 * source failure whose retries did not fit, until the record's attempt limit. The object is
 * always stored before the notification announcing it is published, and the claim is committed
 * only after the broker's ack.
 *
 * <p>Every record runs against its invocation's deadline: the claim wait and the download end
 * a reserve before it, so store, publish, commit and metrics still happen before Lambda ends
 * the invocation.
 */
final class RecordProcessor {
    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    /** A claim outlives its holder's deadline by this much, so it only ever expires once the holder is gone. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    /** Kept of the invocation after the broker's ack, for the commit, the counters and the log line. */
    static final Duration FINISH_MARGIN = Duration.ofMillis(500);
    /** Inline content decodes in the heap; the schema allows 4096 bytes, a gzip bomb stops here. */
    static final long MAX_INLINE_BYTES = 64L << 10;

    private final ManagerConfig config;
    private final ClaimStore claims;
    private final Downloader downloader;
    private final ObjectStore store;
    private final Publisher publisher;
    private final MetricsSink metrics;
    private final MonitoringEvents events;
    private final OutcomeLog log;
    private final Clock clock;

    RecordProcessor(ManagerConfig config, ClaimStore claims, Downloader downloader, ObjectStore store,
                    Publisher publisher, MetricsSink metrics, OutcomeLog log, Clock clock) {
        this.config = config;
        this.claims = claims;
        this.downloader = downloader;
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
        this.events = new MonitoringEvents(publisher, config.centreId(), clock);
        this.log = log;
        this.clock = clock;
    }

    /**
     * One SQS record as the listener sent it.
     *
     * @param receiveCount how often SQS has handed it out ({@code ApproximateReceiveCount}), 1 the first time
     */
    record InboundRecord(String messageId, String body, String topic, int receiveCount) {
        InboundRecord {
            if (receiveCount < 1) {
                throw new IllegalArgumentException("receiveCount must be at least 1, was " + receiveCount);
            }
        }

        InboundRecord(String messageId, String body, String topic) {
            this(messageId, body, topic, 1);
        }
    }

    /** How a record ended; {@code source} is the link tried, when a download was attempted. */
    record Result(Outcome outcome, String reason, long bytes, Link source) {
        static Result of(Outcome outcome, String reason) {
            return new Result(outcome, reason, 0, null);
        }

        static Result of(Outcome outcome, String reason, Link source) {
            return new Result(outcome, reason, 0, source);
        }
    }

    /** Processes one record without an invocation deadline (tests, tools). */
    Result process(InboundRecord record) {
        return process(record, Deadline.NONE);
    }

    /**
     * Processes one record, done before {@code invocation} (the Lambda's deadline).
     *
     * @throws RuntimeException for the cache's own faults, and transient source failures below
     *     the attempt limit (the record must be retried)
     */
    Result process(InboundRecord record, Deadline invocation) {
        long started = System.nanoTime();
        Notification n = null;
        Topic topic = null;
        try {
            Result result;
            try {
                topic = Topic.parse(record.topic() == null ? "" : record.topic());
                n = Notification.parse(record.body() == null ? new byte[0] : record.body()
                        .getBytes(StandardCharsets.UTF_8));
                if (topic.isRecommended()) {
                    result = counted(topic, n, Result.of(Outcome.IGNORED, "recommended"));
                } else if (n.pubtime().instant().isAfter(clock.instant().plus(config.futurePubtimeTolerance()))) {
                    // never claimed nor recorded: a far-future pubtime would block every real
                    // instance of the data_id for the retention time
                    result = counted(topic, n, Result.of(Outcome.INVALID, "pubtime-future"));
                } else {
                    result = claimed(record, topic, n, invocation);
                }
            } catch (InvalidTopicException e) {
                // not counted: without a topic there is no centre to label it
                result = Result.of(Outcome.INVALID, "topic");
            } catch (InvalidNotificationException e) {
                result = counted(topic, null, Result.of(Outcome.INVALID, e.reason()));
            }
            log(record, n, topic, result.outcome().label(), result.reason(), result.bytes(), started);
            return result;
        } catch (OwnNetworkException fault) {
            // the operator's signal (log line and counter; the CloudWatch alarm counts the log lines); no source is
            // blamed
            log(record, n, topic, OWN_NETWORK_FAULT, fault.getMessage(), 0, started);
            countOwnNetworkFault(fault);
            throw fault;
        } catch (RetryLaterException retry) {
            log(record, n, topic, "retry", retry.getMessage(), 0, started);
            throw retry;
        } catch (RuntimeException fault) {
            log(record, n, topic, "fault", fault.getClass().getSimpleName() + ": " + fault.getMessage(), 0, started);
            throw fault;
        }
    }

    /** The log outcome of a record failed because the cache's own network is down (the alarm's metric filter matches
     * it). */
    static final String OWN_NETWORK_FAULT = "own_network_fault";

    private void countOwnNetworkFault(OwnNetworkException fault) {
        try {
            metrics.apply(List.of(new MetricUpdate(Metric.GC_OWN_NETWORK_FAULTS_TOTAL, List.of(config.centreId()),
                    MetricUpdate.Kind.INCREMENT, 1)));
        } catch (RuntimeException e) {
            fault.addSuppressed(e); // the record is retried anyway; the log line is the signal that stays
        }
    }

    private Result claimed(InboundRecord record, Topic topic, Notification n, Deadline invocation) {
        Deadline work = invocation.minus(config.resilience().reserve());
        Deadline finish = invocation.minus(FINISH_MARGIN);
        Claim claim = claim(record.messageId(), topic, n, work, lease(invocation));
        if (claim == null) {
            return counted(topic, n, Result.of(Outcome.DUPLICATE, "seen"));
        }
        Result result;
        try {
            result = switch (decide(topic, n)) {
                case Action.PassThrough p -> passThrough(topic, n, p.reason(), finish);
                case Action.Refuse r -> refuse(topic, n, r.reason(), r.detail(), finish);
                case Action.Cache c -> cache(topic, n, record.receiveCount(), work, finish);
            };
            if (result.outcome() == Outcome.DOWNLOAD_FAILED || result.outcome() == Outcome.INTEGRITY_FAILED) {
                claims.release(claim); // a later copy of this instance may succeed
            } else {
                claims.commit(claim);
            }
        } catch (RuntimeException fault) {
            releaseAfterFault(claim, fault);
            throw fault;
        }
        return counted(topic, n, result);
    }

    /** The claim outlives the invocation (by {@link #LEASE_MARGIN}), never the configured lease. */
    private Duration lease(Deadline invocation) {
        Duration outliving = invocation.remaining().plus(LEASE_MARGIN);
        return outliving.compareTo(config.claimLease()) < 0 ? outliving : config.claimLease();
    }

    private Claim claim(String owner, Topic topic, Notification n, Deadline work, Duration lease) {
        boolean acceptsLater = n.isUpdate() || n.isDeletion();
        long deadline = work.atMost(config.claimWait()).atNanos();
        Duration pause = FIRST_POLL;
        while (true) {
            switch (claims.claim(topic.centreId(), n.dataId(), n.pubtime(), acceptsLater, owner, lease)) {
                case ClaimResult.Claimed c -> {
                    return c.claim();
                }
                case ClaimResult.Duplicate d -> {
                    return null;
                }
                case ClaimResult.Busy b -> {
                    if (System.nanoTime() + pause.toNanos() - deadline > 0) {
                        throw new ClaimBusyException("data_id " + n.dataId()
                                + " is still claimed by another worker after "
                                + config.claimWait() + " or the time budget");
                    }
                    sleep(pause);
                    pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
                }
            }
        }
    }

    private void releaseAfterFault(Claim claim, RuntimeException fault) {
        try {
            claims.release(claim);
        } catch (RuntimeException e) {
            fault.addSuppressed(e); // the lease expires, or the retried message takes its own claim over
        }
    }

    /** What to do with a claimed instance. */
    private sealed interface Action {
        record PassThrough(String reason) implements Action {
        }

        record Refuse(String reason, String detail) implements Action {
        }

        record Cache() implements Action {
        }
    }

    private Action decide(Topic topic, Notification n) {
        if (n.isDeletion()) {
            return new Action.PassThrough("deletion");
        }
        if (!n.cache()) {
            return new Action.PassThrough("cache-false");
        }
        String blocked = TopicFilter.firstMatch(config.topicBlocklist(), topic.toString());
        if (blocked != null) {
            return new Action.Refuse("blocklist", "topic matches the operator's block-list entry " + blocked);
        }
        Optional<Link> link = n.sourceLink();
        if (link.isPresent() && link.get().length().isPresent() && link.get().length()
                .getAsLong() > config.maxObjectBytes()) {
            return new Action.Refuse("size-ceiling", "declared length " + link.get().length().getAsLong()
                    + " exceeds the cache's ceiling of " + config.maxObjectBytes() + " bytes");
        }
        return new Action.Cache();
    }

    private Result passThrough(Topic topic, Notification n, String reason, Deadline finish) {
        if (n.isDeletion()) {
            store.deleteByPrefix(ObjectKey.dataIdPrefix(topic.centreId(), n.dataId()));
        }
        publisher.publish(topic.toCache().toString(), Republish.passThrough(n, config.centreId()), finish);
        return Result.of(Outcome.PASSED_THROUGH, reason);
    }

    private Result refuse(Topic topic, Notification n, String reason, String detail, Deadline finish) {
        publisher.publish(topic.toCache().toString(), Republish.passThrough(n, config.centreId()), finish);
        events.report(topic.centreId(), "Global cache refused to cache data granule: " + n.actionLink().href(),
                "data_id " + n.dataId() + ": " + detail, finish);
        return Result.of(Outcome.REFUSED, reason);
    }

    private Result cache(Topic topic, Notification n, int receiveCount, Deadline work, Deadline finish) {
        Link link = n.sourceLink().orElseThrow(); // only deletions have none, and they are passed through
        ObjectKey key = ObjectKey.of(topic.centreId(), n);
        if (receiveCount > 1) {
            // a redelivery: the first run may have stored (and even published) before it died
            Optional<Result> again = announceStored(topic, n, key, finish);
            if (again.isPresent()) {
                return again.get();
            }
        }
        try (Fetched fetched = fetch(n, link, work)) {
            Optional<Integrity> declared = n.integrity();
            if (declared.isPresent() && !declared.get().matches(fetched.digest().digest(declared.get().method()))) {
                events.report(topic.centreId(), "Integrity check failed for data granule: " + link.href(),
                        "data_id " + n.dataId() + ": the " + declared.get().method().wireName()
                        + " of the downloaded bytes differs from properties.integrity",
                        finish);
                return Result.of(Outcome.INTEGRITY_FAILED, "integrity-mismatch", link);
            }
            Integrity sha512 = Integrity.sha512Of(fetched.digest().digest(IntegrityMethod.SHA512));
            store.put(key.value(), fetched.payload(), StoredContentType.of(link.type()), sha512.value(), finish);
            byte[] message = Republish.cached(n, config.centreId(), key.publicUrl(config.publicBaseUrl()),
                    added(sha512));
            publisher.publish(topic.toCache().toString(), message, finish);
            return new Result(Outcome.CACHED, fetched.inline() ? "inline" : "downloaded", fetched.payload().length(),
                    fetched.inline() ? null : link);
        } catch (SourceRefusedException e) {
            return downloadFailed(topic, n, link, e.reason(), e.getMessage(), finish);
        } catch (DownloadFailedException e) {
            return downloadFailed(topic, n, link, e.reason(), e.getMessage(), finish);
        } catch (TransientSourceException e) {
            if (receiveCount < config.resilience().sourceAttempts()) {
                throw new RetryLaterException("data_id " + n.dataId() + ": " + e.getMessage() + "; attempt "
                        + receiveCount
                        + " of " + config.resilience().sourceAttempts() + ", the record is retried later", e);
            }
            return downloadFailed(topic, n, link, e.reason(), e.getMessage() + "; the last of "
                    + config.resilience().sourceAttempts() + " attempts", finish);
        } catch (ObjectTooLargeException e) {
            return refuse(topic, n, "size-ceiling", e.getMessage(), finish);
        }
    }

    /**
     * Announces an object a previous run of this message stored, without downloading it again:
     * the republished id is the same name-based one, so a copy the first run already published
     * is dropped by the Global Brokers. Only when the stored sha512 can stand for the declared integrity.
     */
    private Optional<Result> announceStored(Topic topic, Notification n, ObjectKey key, Deadline finish) {
        Optional<ObjectStore.Stored> stored = store.stored(key.value());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Integrity sha512;
        try {
            sha512 = Integrity.sha512Of(Base64.getDecoder().decode(stored.get().sha512()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a digest this cache wrote: fetch the object again
        }
        Optional<Integrity> declared = n.integrity();
        if (declared.isPresent() && !(declared.get().method() == IntegrityMethod.SHA512
                && declared.get().matches(Base64.getDecoder().decode(sha512.value())))) {
            return Optional.empty(); // cannot vouch for the stored bytes in the declared method: fetch them again
        }
        byte[] message = Republish.cached(n, config.centreId(), key.publicUrl(config.publicBaseUrl()), added(sha512));
        publisher.publish(topic.toCache().toString(), message, finish);
        return Optional.of(new Result(Outcome.CACHED, "already-stored", stored.get().length(), null));
    }

    /** The integrity block the republication gains (only when the message has none): the operator's choice. */
    private Optional<Integrity> added(Integrity sha512) {
        return config.addIntegrity() ? Optional.of(sha512) : Optional.empty();
    }

    private Result downloadFailed(Topic topic, Notification n, Link link, String reason, String detail,
            Deadline finish) {
        events.report(topic.centreId(), "Cannot download data granule: " + link.href(), "data_id " + n.dataId() + ": "
                + detail, finish);
        return Result.of(Outcome.DOWNLOAD_FAILED, reason, link);
    }

    /** The bytes of an instance and their digests, from inline content or the source. */
    private record Fetched(Payload payload, StreamingDigest digest, boolean inline) implements AutoCloseable {
        @Override
        public void close() {
            payload.close();
        }
    }

    private Fetched fetch(Notification n, Link link, Deadline work) {
        IntegrityMethod[] methods = n.integrity()
                .map(i -> i.method() == IntegrityMethod.SHA512 ? new IntegrityMethod[] {IntegrityMethod.SHA512}
                        : new IntegrityMethod[] {i.method(), IntegrityMethod.SHA512})
                .orElse(new IntegrityMethod[] {IntegrityMethod.SHA512});
        Optional<Fetched> inline = n.content().flatMap(c -> inline(c, n.integrity(), methods));
        if (inline.isPresent()) {
            return inline.get();
        }
        URI uri;
        try {
            uri = URI.create(link.href());
        } catch (IllegalArgumentException e) {
            throw new DownloadFailedException("bad-url", "source link is not a URL: " + e.getMessage());
        }
        if (!work.allows(config.download().connectTimeout())) {
            // the claim wait ate the budget: too late to start, which is the cache's doing, not the source's
            throw new RetryLaterException("data_id " + n.dataId()
                    + ": too little time left in the invocation to start the download", null);
        }
        Downloader.Downloaded<DigestSink> d =
                downloader.download(uri, config.maxObjectBytes(), () -> new DigestSink(StreamingDigest.of(methods)),
                work);
        return new Fetched(d.payload(), d.sink().digest(), false);
    }

    /**
     * Inline content is used when it decodes to its declared size (at most {@link #MAX_INLINE_BYTES})
     * and matches the integrity value; otherwise the link is downloaded.
     */
    private Optional<Fetched> inline(InlineContent content, Optional<Integrity> integrity, IntegrityMethod[] methods) {
        byte[] bytes;
        try {
            bytes = content.decode(Math.min(config.maxObjectBytes(), MAX_INLINE_BYTES));
        } catch (InvalidContentException e) {
            return Optional.empty();
        }
        StreamingDigest digest = StreamingDigest.of(methods);
        digest.update(bytes, 0, bytes.length);
        if (integrity.isPresent() && !integrity.get().matches(digest.digest(integrity.get().method()))) {
            return Optional.empty();
        }
        return Optional.of(new Fetched(new Payload.InMemory(bytes), digest, true));
    }

    private record DigestSink(StreamingDigest digest) implements BodySink {
        @Override
        public void update(byte[] buffer, int offset, int length) {
            digest.update(buffer, offset, length);
        }
    }

    /** Counts a result once its claim is settled, so a metrics fault never re-runs a published instance. */
    private Result counted(Topic topic, Notification n, Result result) {
        Instant now = clock.instant();
        metrics.apply(MetricUpdates.forOutcome(result.outcome(), topic, n, result.source() == null ? null
                : result.source().host(),
                config.centreId(), now, n == null ? null : Duration.between(n.pubtime().instant(), now)));
        return result;
    }

    private void log(InboundRecord record, Notification n, Topic topic, String outcome, String reason, long bytes,
            long started) {
        log.record(record.messageId(), n == null ? null : n.dataId(), n == null ? null : n.pubtime().text(),
                topic == null ? record.topic() : topic.toString(), outcome, reason, bytes,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClaimBusyException("interrupted while waiting for a claim");
        }
    }

}
