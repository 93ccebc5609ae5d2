package wis2.gc.manager;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@link Downloader} over {@link SourceExchange}: every URL, the first and each redirect, is
 * checked by the {@link SourceGuard} and fetched from exactly the addresses it checked. A
 * per-read timeout means a silent source cannot hold a worker forever; the body is streamed,
 * TLS certificates and host names are verified against the trust store. Bodies up to
 * {@code spillBytes} stay in the heap; larger ones go to a temporary file of the
 * {@link SpillSpace}, so the heap never holds a large object and /tmp never overflows.
 */
final class HttpDownloader implements Downloader {
    static final int MAX_REDIRECTS = 3;
    private static final int BUFFER = 64 * 1024;

    private final ManagerConfig.Download settings;
    private final SourceGuard guard;
    private final SpillSpace spill;
    private final SSLSocketFactory tls;

    /** Trusts what the JVM's default trust store trusts. */
    HttpDownloader(ManagerConfig.Download settings, SourceGuard guard, SpillSpace spill) {
        this(settings, guard, spill, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    HttpDownloader(ManagerConfig.Download settings, SourceGuard guard, SpillSpace spill, SSLSocketFactory tls) {
        this.settings = settings;
        this.guard = guard;
        this.spill = spill;
        this.tls = tls;
    }

    /** Spills into {@code tempDir} without a bound on the total (tests of the download itself). */
    HttpDownloader(ManagerConfig.Download settings, SourceGuard guard, Path tempDir) {
        this(settings, guard, new SpillSpace(tempDir, Long.MAX_VALUE));
    }

    HttpDownloader(ManagerConfig.Download settings, SourceGuard guard, Path tempDir, SSLSocketFactory tls) {
        this(settings, guard, new SpillSpace(tempDir, Long.MAX_VALUE), tls);
    }

    @Override
    public <S extends BodySink> Downloaded<S> download(URI uri, long maxBytes, Supplier<S> sinks) {
        long backoff = settings.retryBackoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            S sink = sinks.get();
            try {
                return new Downloaded<>(attempt(uri, maxBytes, sink), sink);
            } catch (TransientFailure t) {
                if (attempt >= settings.retries()) {
                    throw new DownloadFailedException(t.reason, t.getMessage() + " (after " + (attempt + 1) + " attempts)", t.getCause());
                }
                sleep(backoff << attempt);
            }
        }
    }

    private Payload attempt(URI first, long maxBytes, BodySink sink) {
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
        URI uri = first;
        for (int redirects = 0; ; redirects++) {
            CheckedSource source = guard.check(uri);
            try (SourceExchange c = SourceExchange.open(source, settings.connectTimeout(), settings.readTimeout(), deadline, tls)) {
                int status = c.status();
                if (status >= 300 && status < 400 && c.header("Location") != null) {
                    if (redirects >= MAX_REDIRECTS) {
                        throw new DownloadFailedException("too-many-redirects", "more than " + MAX_REDIRECTS + " redirects from " + first);
                    }
                    uri = redirectTarget(uri, c.header("Location"));
                    continue;
                }
                if (status >= 500) throw new TransientFailure("http-" + status, "source answered " + status + " for " + uri, null);
                if (status != 200) throw new DownloadFailedException("http-" + status, "source answered " + status + " for " + uri);
                long declared = c.contentLength();
                if (declared > maxBytes) {
                    throw new ObjectTooLargeException("source declares " + declared + " bytes, more than the ceiling of " + maxBytes + ": " + uri);
                }
                return readBody(c.body(), uri, declared, maxBytes, deadline, sink);
            } catch (SocketTimeoutException e) {
                throw new TransientFailure("timeout", "no answer in time from " + uri, e);
            } catch (SSLException e) {
                throw new DownloadFailedException("tls", "no trusted TLS connection to " + uri + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new DownloadFailedException("io-error", "cannot read " + uri + ": " + e, e);
            } catch (IllegalArgumentException e) { // a URL no connection can be made for, such as port 99999
                throw new DownloadFailedException("bad-url", "cannot fetch " + uri + ": " + e.getMessage(), e);
            }
        }
    }

    private static URI redirectTarget(URI from, String location) {
        try {
            return from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new DownloadFailedException("bad-redirect", "unusable redirect from " + from + ": " + e.getMessage(), e);
        }
    }

    private Payload readBody(InputStream in, URI uri, long declared, long maxBytes, long deadline, BodySink sink)
            throws IOException {
        try (Spill out = new Spill(spill, settings.spillBytes(), declared >= 0 ? declared : maxBytes, deadline)) {
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n; (n = read(in, buffer, uri, declared, total)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new ObjectTooLargeException("body of " + uri + " exceeds the ceiling of " + maxBytes + " bytes");
                }
                if (System.nanoTime() > deadline) {
                    throw new TransientFailure("timeout", "download of " + uri + " exceeded " + settings.totalTimeout(), null);
                }
                sink.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            if (declared >= 0 && total != declared) {
                throw new DownloadFailedException("length-mismatch", "source declared " + declared + " bytes but sent " + total + ": " + uri);
            }
            return out.toPayload();
        }
    }

    /** One read; a connection closed before the declared length is the source's fault, named as such. */
    private static int read(InputStream in, byte[] buffer, URI uri, long declared, long sofar) throws IOException {
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (declared >= 0 && sofar < declared) {
                throw new DownloadFailedException("length-mismatch", "source declared " + declared + " bytes but closed after " + sofar + ": " + uri, e);
            }
            throw e;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadFailedException("interrupted", "download interrupted", e);
        }
    }

    /** A failure worth another attempt: a 5xx status or a timeout. */
    private static final class TransientFailure extends RuntimeException {
        final String reason;

        TransientFailure(String reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }
    }
}
