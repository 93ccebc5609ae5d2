package wis2.gc.manager.download;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import wis2.gc.manager.Deadline;
import wis2.gc.manager.ManagerConfig;

/**
 * {@link Downloader} over {@link SourceExchange}: every URL, the first and each redirect, is
 * checked by the {@link SourceGuard} and fetched from exactly the addresses it checked. A
 * per-read timeout means a silent source cannot hold a worker; the time budget of the record
 * (and the total timeout of one attempt) bounds every read, so a trickling one cannot either.
 * The body is streamed, TLS certificates and host names are verified against the trust store.
 * Bodies up to {@code spillBytes} stay in the heap; larger ones go to a temporary file of the
 * {@link SpillSpace}, so the heap never holds a large object and /tmp never overflows.
 *
 * <p>Transient failures (5xx, 429, reset, truncated body, no answer within the connect or read
 * timeout, temporary DNS failure) are retried after a jittered backoff (or the source's
 * {@code Retry-After}) while the retry fits the budget; then a {@link TransientSourceException}
 * tells the caller to try again later. When many distinct hosts are unreachable at once, the
 * {@link OwnNetworkWatch} says the cache's own network is down: {@link OwnNetworkException}.
 */
public final class HttpDownloader implements Downloader {
    static final int MAX_REDIRECTS = 3;
    private static final int BUFFER = 64 * 1024;

    private final ManagerConfig.Download settings;
    private final SourceGuard guard;
    private final SpillSpace spill;
    private final SSLSocketFactory tls;
    private final OwnNetworkWatch network;
    private final RandomGenerator jitter;
    private final Clock clock;

    /** Trusts what the JVM's default trust store trusts. */
    public HttpDownloader(ManagerConfig.Download settings, SourceGuard guard, SpillSpace spill,
            OwnNetworkWatch network) {
        this(settings, guard, spill, (SSLSocketFactory) SSLSocketFactory.getDefault(), network, new SplittableRandom(),
                Clock.systemUTC());
    }

    /** Spills into {@code tempDir} without a bound on the total, without own-network detection (tests of the download
     * itself). */
    HttpDownloader(ManagerConfig.Download settings, SourceGuard guard, Path tempDir) {
        this(settings, guard, tempDir, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    HttpDownloader(ManagerConfig.Download settings, SourceGuard guard, Path tempDir, SSLSocketFactory tls) {
        this(settings, guard, new SpillSpace(tempDir, Long.MAX_VALUE), tls,
                new OwnNetworkWatch(Integer.MAX_VALUE, Duration.ofSeconds(1), Clock.systemUTC()),
                new SplittableRandom(), Clock.systemUTC());
    }

    /** @param clock reads HTTP dates of {@code Retry-After} */
    HttpDownloader(ManagerConfig.Download settings, SourceGuard guard, SpillSpace spill, SSLSocketFactory tls,
            OwnNetworkWatch network, RandomGenerator jitter, Clock clock) {
        this.settings = settings;
        this.guard = guard;
        this.spill = spill;
        this.tls = tls;
        this.network = network;
        this.jitter = jitter;
        this.clock = clock;
    }

    @Override
    public <S extends BodySink> Downloaded<S> download(URI uri, long maxBytes, Supplier<S> sinks, Deadline budget) {
        for (int attempt = 0; ; attempt++) {
            S sink = sinks.get();
            try {
                return new Downloaded<>(attempt(uri, maxBytes, sink, budget), sink);
            } catch (TransientSourceException t) {
                if (t.unreachable()) {
                    network.unreachable(t.host());
                }
                if (network.ownNetworkDown()) {
                    throw new OwnNetworkException("many distinct sources are unreachable at once, the last " + t.host()
                            + ": the cache's own network (NAT, resolver) is failing", t);
                }
                if (attempt >= settings.retries()) {
                    throw t.because("after " + (attempt + 1) + " attempts");
                }
                Duration pause = t.retryAfter().isPresent() ? t.retryAfter().get() : backoff(attempt);
                // another attempt needs at least the time to connect, after the pause
                if (!budget.allows(pause.plus(settings.connectTimeout()))) {
                    throw t.because("attempt " + (attempt + 2) + " after " + pause.toMillis()
                            + " ms does not fit the time budget");
                }
                sleep(pause);
            }
        }
    }

    /** The pause before retry {@code attempt + 1}: the backoff doubled per retry, between half and all of it. */
    private Duration backoff(int attempt) {
        long full = settings.retryBackoff().toMillis() << Math.min(attempt, 20);
        return Duration.ofMillis(full / 2 + (full > 1 ? jitter.nextLong(full / 2 + 1) : 0));
    }

    private Payload attempt(URI first, long maxBytes, BodySink sink, Deadline budget) {
        Deadline deadline = budget.atMost(settings.totalTimeout());
        URI uri = first;
        for (int redirects = 0; ; redirects++) {
            CheckedSource source = guard.check(uri);
            String host = source.uri().getHost();
            try (SourceExchange c = SourceExchange.open(source, settings.connectTimeout(), settings.readTimeout(),
                    deadline, tls)) {
                network.reached();
                int status = c.status();
                if (status >= 300 && status < 400 && c.header("Location") != null) {
                    if (redirects >= MAX_REDIRECTS) {
                        throw new DownloadFailedException("too-many-redirects", "more than " + MAX_REDIRECTS
                                + " redirects from " + first);
                    }
                    uri = redirectTarget(uri, c.header("Location"));
                    continue;
                }
                if (status >= 500 || status == 429) {
                    throw new TransientSourceException("http-" + status, "source answered " + status + " for " + uri,
                            host, false,
                            RetryAfter.parse(c.header("Retry-After"), clock.instant()), null);
                }
                if (status != 200) {
                    throw new DownloadFailedException("http-" + status, "source answered " + status + " for " + uri);
                }
                long declared = c.contentLength();
                if (declared > maxBytes) {
                    throw new ObjectTooLargeException("source declares " + declared
                            + " bytes, more than the ceiling of " + maxBytes + ": " + uri);
                }
                return readBody(c.body(), uri, declared, maxBytes, deadline, sink);
            } catch (IOException e) {
                throw classify(e, uri, host, budget, deadline);
            } catch (IllegalArgumentException e) { // a URL no connection can be made for, such as port 99999
                throw new DownloadFailedException("bad-url", "cannot fetch " + uri + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * What an I/O failure means. Past the budget or the attempt's total time, the source was too
     * slow: final, whatever the read was doing. Before that, a missing connection, a silence past
     * the read timeout, a reset or a cut body is worth another attempt; anything else (TLS, broken
     * HTTP) is not.
     */
    private RuntimeException classify(IOException e, URI uri, String host, Deadline budget, Deadline deadline) {
        if (budget.expired()) {
            return new DownloadFailedException("time-budget", "could not be fetched within the cache's time budget: "
                    + uri
                    + " was still being read when the invocation's time ran out", e);
        }
        if (deadline.expired()) {
            return new DownloadFailedException("timeout", "download of " + uri + " took longer than "
                    + settings.totalTimeout(), e);
        }
        if (e instanceof SourceExchange.UnreachableException) {
            return new TransientSourceException("unreachable", "cannot connect to " + uri + ": " + e.getMessage(), host,
                    true,
                    Optional.empty(), e);
        }
        if (e instanceof SocketTimeoutException) {
            return new TransientSourceException("timeout", "no answer in time from " + uri, host, false,
                    Optional.empty(), e);
        }
        if (e instanceof Truncated) {
            return new TransientSourceException("truncated", e.getMessage(), host, false, Optional.empty(), e);
        }
        if (e instanceof SocketException && !(e instanceof SSLException)) {
            return new TransientSourceException("reset", "connection to " + uri + " broken: " + e.getMessage(), host,
                    false,
                    Optional.empty(), e);
        }
        if (e instanceof SSLException) {
            return new DownloadFailedException("tls", "no trusted TLS connection to " + uri + ": " + e.getMessage(), e);
        }
        return new DownloadFailedException("io-error", "cannot read " + uri + ": " + e, e);
    }

    private static URI redirectTarget(URI from, String location) {
        try {
            return from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new DownloadFailedException("bad-redirect", "unusable redirect from " + from + ": " + e.getMessage(),
                    e);
        }
    }

    private Payload readBody(InputStream in, URI uri, long declared, long maxBytes, Deadline deadline, BodySink sink)
            throws IOException {
        try (Spill out = new Spill(spill, settings.spillBytes(), declared >= 0 ? declared : maxBytes,
                deadline.atNanos())) {
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n; (n = read(in, buffer, uri, declared, total)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new ObjectTooLargeException("body of " + uri + " exceeds the ceiling of " + maxBytes
                            + " bytes");
                }
                if (deadline.expired()) {
                    throw new SocketTimeoutException("download of " + uri + " still running at its deadline");
                }
                sink.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            if (declared >= 0 && total != declared) {
                throw new Truncated("source declared " + declared + " bytes but sent " + total + ": " + uri, null);
            }
            return out.toPayload();
        }
    }

    /** One read; the connection ending before the declared length or inside a chunk is a cut body. */
    private static int read(InputStream in, byte[] buffer, URI uri, long declared, long sofar) throws IOException {
        try {
            return in.read(buffer);
        } catch (EOFException e) {
            throw new Truncated("the body of " + uri + " was cut after " + sofar
                    + (declared >= 0 ? " of " + declared : "")
                    + " bytes", e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadFailedException("interrupted", "download interrupted", e);
        }
    }

    /** The body ended before its declared length or last chunk. */
    private static final class Truncated extends IOException {
        Truncated(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
