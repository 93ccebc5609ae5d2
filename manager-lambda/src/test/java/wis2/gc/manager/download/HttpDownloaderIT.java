package wis2.gc.manager.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wis2.gc.manager.Deadline;
import wis2.gc.manager.ManagerConfig;
import wis2.gc.standins.TestCertificates;
import wis2.gc.testing.TestSource;
import wis2.gc.tls.PemTrust;

class HttpDownloaderIT {
    private static final byte[] BODY = "0123456789abcdef".repeat(64).getBytes(StandardCharsets.US_ASCII); // 1 KiB

    @TempDir
    Path temp;
    private TestSource source;
    private HttpDownloader downloader;

    /** Counts the bytes a download fed through its sink. */
    static final class CountingSink implements BodySink {
        long bytes;

        @Override
        public void update(byte[] buffer, int offset, int length) {
            bytes += length;
        }
    }

    /** The test source lives on loopback; every other address goes through the real guard. */
    private SourceGuard guard() {
        AddressGuard strict = new AddressGuard(false);
        SourceGuard loopback = pinnedTo(InetAddress.getLoopbackAddress());
        return uri -> uri.getPort() == source.uri("/").getPort() && "127.0.0.1".equals(uri.getHost())
                ? loopback.check(uri) : strict.check(uri);
    }

    /** A guard that lets every URL through, to be fetched from {@code address} only. */
    private static SourceGuard pinnedTo(InetAddress address) {
        return uri -> new CheckedSource(uri, List.of(address));
    }

    private HttpDownloader downloader(Duration read, Duration total, long spill) {
        var settings = new ManagerConfig.Download(Duration.ofSeconds(2), read, total, 2, Duration.ofMillis(10), spill);
        return new HttpDownloader(settings, guard(), temp);
    }

    @BeforeEach
    void start() throws Exception {
        source = new TestSource();
        downloader = downloader(Duration.ofSeconds(2), Duration.ofSeconds(10), 4096);
    }

    @AfterEach
    void stop() throws Exception {
        source.close();
    }

    private Downloader.Downloaded<CountingSink> get(String path, long max) {
        return downloader.download(source.uri(path), max, CountingSink::new, Deadline.NONE);
    }

    private static String reason(Throwable e) {
        return e instanceof TransientSourceException t ? t.reason() : ((DownloadFailedException) e).reason();
    }

    @Test
    void download_keepsASmallBodyInTheHeapAndFeedsTheSink() throws Exception {
        source.on("/obs", TestSource.ok(BODY));
        try (var d = get("/obs", 10_000)) {
            assertThat(d.payload()).isInstanceOf(Payload.InMemory.class);
            assertThat(d.payload().length()).isEqualTo(BODY.length);
            assertThat(d.sink().bytes).isEqualTo(BODY.length);
            try (InputStream in = d.payload().open()) {
                assertThat(in.readAllBytes()).isEqualTo(BODY);
            }
        }
    }

    @Test
    void download_spillsALargeBodyToATemporaryFileDeletedOnClose() throws Exception {
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 7);
        source.on("/big", TestSource.ok(big));
        Path file;
        try (var d = get("/big", 1_000_000)) {
            assertThat(d.payload()).isInstanceOf(Payload.InFile.class);
            file = ((Payload.InFile) d.payload()).path();
            assertThat(Files.readAllBytes(file)).isEqualTo(big);
        }
        assertThat(file).doesNotExist();
        try (var files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void download_withoutAUsableTemporaryFolder_isTheCachesFault() {
        downloader = new HttpDownloader(
                new ManagerConfig.Download(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10),
                2, Duration.ofMillis(10), 10), guard(), temp.resolve("missing"));
        source.on("/obs", TestSource.ok(BODY));
        assertThatThrownBy(() -> get("/obs", 10_000)).isInstanceOf(java.io.UncheckedIOException.class)
                .isNotInstanceOf(DownloadFailedException.class);
    }

    @Test
    void download_404_failsAtOnceWithoutRetry() {
        assertThatThrownBy(() -> get("/missing", 10_000)).isInstanceOf(DownloadFailedException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo("http-404"));
        assertThat(source.hits("/missing")).isEqualTo(1);
    }

    @Test
    void download_500Then200_isRetriedAndSucceeds() {
        source.on("/flaky", TestSource.status(500), TestSource.status(503), TestSource.ok(BODY));
        try (var d = get("/flaky", 10_000)) {
            assertThat(d.payload().length()).isEqualTo(BODY.length);
            assertThat(d.sink().bytes).isEqualTo(BODY.length); // a fresh sink per attempt
        }
        assertThat(source.hits("/flaky")).isEqualTo(3);
    }

    @Test
    void download_persistent500_givesUpAfterTheConfiguredRetries_asATransientFailure() {
        source.on("/down", TestSource.status(502));
        assertThatThrownBy(() -> get("/down", 10_000)).isInstanceOf(TransientSourceException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo("http-502")).hasMessageContaining("after 3 attempts");
        assertThat(source.hits("/down")).isEqualTo(3);
    }

    @Test
    void download_slowBodyPastTheTotalTimeout_failsAtOnceWithoutRetry() {
        downloader = downloader(Duration.ofSeconds(2), Duration.ofMillis(300), 4096);
        source.on("/slow", TestSource.slow(BODY, 16, Duration.ofMillis(50)));
        assertThatThrownBy(() -> get("/slow", 10_000)).isInstanceOf(DownloadFailedException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo("timeout"));
        assertThat(source.hits("/slow")).isEqualTo(1);
    }

    @Test
    void download_silentSource_hitsTheReadTimeout_andIsRetried() {
        downloader = downloader(Duration.ofMillis(200), Duration.ofSeconds(10), 4096);
        source.on("/stall", TestSource.slow(BODY, 512, Duration.ofSeconds(5)));
        assertThatThrownBy(() -> get("/stall", 10_000)).isInstanceOf(TransientSourceException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo("timeout"));
        assertThat(source.hits("/stall")).isEqualTo(3);
    }

    @Test
    void download_shorterBodyThanItsContentLength_isATruncatedBody_retriedUntilWhole() {
        source.on("/short", TestSource.wrongLength(BODY, BODY.length * 2L), TestSource.ok(BODY));
        try (var d = get("/short", 10_000)) {
            assertThat(d.payload().length()).isEqualTo(BODY.length);
        }
        assertThat(source.hits("/short")).isEqualTo(2);
        source.on("/always-short", TestSource.wrongLength(BODY, BODY.length * 2L));
        assertThatThrownBy(() -> get("/always-short", 10_000)).isInstanceOf(TransientSourceException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo("truncated"));
    }

    @Test
    void download_resetThen200_isRetriedAndSucceeds() {
        source.on("/reset", TestSource.RESET, TestSource.ok(BODY));
        try (var d = get("/reset", 10_000)) {
            assertThat(d.payload().length()).isEqualTo(BODY.length);
        }
        assertThat(source.hits("/reset")).isEqualTo(2);
    }

    @Test
    void download_429_waitsForItsRetryAfterThenSucceeds() {
        source.on("/busy", TestSource.tooManyRequests(1), TestSource.ok(BODY));
        long started = System.nanoTime();
        try (var d = get("/busy", 10_000)) {
            assertThat(d.payload().length()).isEqualTo(BODY.length);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited as asked")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(source.hits("/busy")).isEqualTo(2);
    }

    @Test
    void download_retryThatDoesNotFitTheBudget_isNotMade() {
        source.on("/busy", TestSource.tooManyRequests(30), TestSource.ok(BODY));
        assertThatThrownBy(() -> downloader.download(source.uri("/busy"), 10_000, CountingSink::new,
                Deadline.after(Duration.ofSeconds(5))))
                .isInstanceOf(TransientSourceException.class).hasMessageContaining("does not fit the time budget");
        source.on("/flaky", TestSource.status(503), TestSource.ok(BODY));
        // 2 s are left, a retry needs its pause plus the connect timeout of 2 s
        assertThatThrownBy(() -> downloader.download(source.uri("/flaky"), 10_000, CountingSink::new,
                Deadline.after(Duration.ofSeconds(2))))
                .isInstanceOf(TransientSourceException.class).hasMessageContaining("does not fit the time budget");
        assertThat(source.hits("/busy")).isEqualTo(1);
        assertThat(source.hits("/flaky")).isEqualTo(1);
    }

    @Test
    void download_tricklingBody_isCutAtTheBudget_asAFinalFailure() {
        source.on("/trickle", TestSource.trickling(
                "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                Duration.ofMillis(100)));
        long started = System.nanoTime();
        assertThatThrownBy(() -> downloader.download(source.uri("/trickle"), 1_000_000, CountingSink::new,
                Deadline.after(Duration.ofSeconds(1))))
                .isInstanceOf(DownloadFailedException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo("time-budget"))
                .hasMessageContaining("could not be fetched within the cache's time budget");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(source.hits("/trickle")).isEqualTo(1);
    }

    @Test
    void download_tricklingChunkFramingAndTrailer_areCutAtTheBudget() {
        source.on("/chunk-line", TestSource.trickling(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;".getBytes(StandardCharsets.US_ASCII),
                Duration.ofMillis(100)));
        source.on("/trailer", TestSource.trickling(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\nX-T: "
                .getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(100)));
        for (String path : List.of("/chunk-line", "/trailer")) {
            assertThatThrownBy(() -> downloader.download(source.uri(path), 1_000_000, CountingSink::new,
                    Deadline.after(Duration.ofSeconds(1))))
                    .as(path).satisfies(e -> assertThat(reason(e)).isEqualTo("time-budget"));
        }
    }

    @Test
    void download_tricklingTlsHandshake_isCutAtTheBudget() throws Exception {
        // a TLS handshake record announcing 16383 bytes, then one byte every 100 ms: no read ever times out
        byte[] recordHead = {0x16, 0x03, 0x03, 0x3f, (byte) 0xff};
        HttpDownloader pinned = new HttpDownloader(settings(), pinnedTo(InetAddress.getLoopbackAddress()), temp);
        long started = System.nanoTime();
        assertThatThrownBy(() -> pinned.download(URI.create("https://127.0.0.1:" + rawTrickler(recordHead) + "/x"), 10_000,
                CountingSink::new, Deadline.after(Duration.ofSeconds(1))))
                .satisfies(e -> assertThat(reason(e)).isEqualTo("time-budget"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    /** A server that, on each connection, sends {@code first} and then one byte every 100 ms, reading nothing. */
    private int rawTrickler(byte[] first) throws Exception {
        java.net.ServerSocket server = new java.net.ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        tricklers.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    java.net.Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getOutputStream().write(first);
                            while (true) {
                                s.getOutputStream().write(0);
                                Thread.sleep(100);
                            }
                        } catch (Exception e) {
                            // the client went away
                        }
                    });
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private final List<java.net.ServerSocket> tricklers = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stopTricklers() throws Exception {
        for (java.net.ServerSocket s : tricklers) {
            s.close();
        }
    }

    @Test
    void download_manyDistinctHostsUnreachable_isTheCachesOwnNetwork() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        OwnNetworkWatch watch = new OwnNetworkWatch(2, Duration.ofMinutes(1), java.time.Clock.systemUTC());
        SourceGuard byLiteral = uri -> {
            try {
                // address literals: no lookup
                return new CheckedSource(uri, List.of(InetAddress.getByName(uri.getHost())));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        };
        HttpDownloader d = new HttpDownloader(settings(), byLiteral, new SpillSpace(temp, Long.MAX_VALUE),
                (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault(),
                watch, new java.util.SplittableRandom(1), java.time.Clock.systemUTC());

        assertThatThrownBy(() -> d.download(URI.create("http://127.0.0.2:" + closed + "/a"), 10, CountingSink::new, Deadline.NONE))
                .isInstanceOf(TransientSourceException.class)
                .satisfies(e -> assertThat(((TransientSourceException) e).unreachable()).isTrue());
        assertThatThrownBy(() -> d.download(URI.create("http://127.0.0.3:" + closed + "/b"), 10, CountingSink::new, Deadline.NONE))
                .isInstanceOf(OwnNetworkException.class).hasMessageContaining("own network");

        source.on("/obs", TestSource.ok(BODY)); // one host reached: the network works again
        try (var ok = d.download(source.uri("/obs"), 10_000, CountingSink::new, Deadline.NONE)) {
            assertThat(ok.payload().length()).isEqualTo(BODY.length);
        }
        assertThatThrownBy(() -> d.download(URI.create("http://127.0.0.4:" + closed + "/c"), 10, CountingSink::new, Deadline.NONE))
                .isInstanceOf(TransientSourceException.class);
    }

    @Test
    void download_redirectIsFollowedAndEachTargetChecked() {
        source.on("/old", TestSource.redirect("/new")).on("/new", TestSource.ok(BODY));
        try (var d = get("/old", 10_000)) {
            assertThat(d.payload().length()).isEqualTo(BODY.length);
        }
        source.on("/to-metadata", TestSource.redirect("http://169.254.169.254/latest/meta-data/"));
        assertThatThrownBy(() -> get("/to-metadata", 10_000)).isInstanceOf(SourceRefusedException.class)
                .hasMessageContaining("169.254.169.254");
        source.on("/to-file", TestSource.redirect("file:///etc/passwd"));
        assertThatThrownBy(() -> get("/to-file", 10_000)).isInstanceOf(SourceRefusedException.class);
        source.on("/to-nowhere", TestSource.redirect("http://bad host/x"));
        assertThatThrownBy(() -> get("/to-nowhere", 10_000))
                .satisfies(e -> assertThat(reason(e)).isEqualTo("bad-redirect"));
    }

    @Test
    void download_stopsAfterThreeRedirects() {
        source.on("/r1", TestSource.redirect("/r2")).on("/r2", TestSource.redirect("/r3"))
                .on("/r3", TestSource.redirect("/r4")).on("/r4", TestSource.redirect("/r5"))
                .on("/r5", TestSource.ok(BODY));
        assertThatThrownBy(() -> get("/r1", 10_000))
                .satisfies(e -> assertThat(reason(e)).isEqualTo("too-many-redirects"));
        assertThat(source.hits("/r5")).isZero();
    }

    @Test
    void download_endlessOrOversizedBody_isCutAtTheCeiling() {
        source.on("/endless", TestSource.endless());
        assertThatThrownBy(() -> get("/endless", 1_000_000)).isInstanceOf(ObjectTooLargeException.class);
        source.on("/declared", TestSource.ok(BODY));
        assertThatThrownBy(() -> get("/declared", BODY.length - 1)).isInstanceOf(ObjectTooLargeException.class)
                .hasMessageContaining("declares");
        try (var files = Files.list(temp)) {
            assertThat(files).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void download_refusedUrl_neverConnects() {
        assertThatThrownBy(() -> downloader.download(URI.create("http://10.0.0.1/x"), 10, CountingSink::new, Deadline.NONE))
                .isInstanceOf(SourceRefusedException.class);
        assertThat(source.totalHits()).isZero();
    }

    @Test
    void download_connectionRefused_isAnUnreachableHost_worthALaterAttempt() throws Exception {
        // a port bound but not listening refuses connections, and no other server can take it
        // meanwhile (a closed server's port can be taken by the next one started on the machine)
        try (Socket held = new Socket()) {
            held.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            URI gone = URI.create("http://127.0.0.1:" + held.getLocalPort() + "/x");
            var toHeldPort = new HttpDownloader(settings(), pinnedTo(InetAddress.getLoopbackAddress()), temp);
            assertThatThrownBy(() -> toHeldPort.download(gone, 10, CountingSink::new, Deadline.NONE))
                    .isInstanceOf(TransientSourceException.class)
                    .satisfies(e -> assertThat(reason(e)).isEqualTo("unreachable"))
                    .satisfies(e -> assertThat(((TransientSourceException) e).unreachable()).isTrue());
        }
    }

    @Test
    void download_connectsToTheAddressTheGuardChecked_neverToASecondLookup() throws Exception {
        // the guard checked 127.0.0.2; the URL's host names 127.0.0.1, where a second lookup of a
        // rebinding name would lead: the same port there serves something else
        InetAddress checkedAddress = InetAddress.getByName("127.0.0.2");
        try (TestSource checked = new TestSource(checkedAddress, 0, null);
                TestSource elsewhere = new TestSource(InetAddress.getLoopbackAddress(), checked.port(), null)) {
            checked.on("/x", TestSource.ok(BODY));
            elsewhere.on("/x", TestSource.ok("not what was checked".getBytes(StandardCharsets.US_ASCII)));
            HttpDownloader pinned = new HttpDownloader(settings(), pinnedTo(checkedAddress), temp);

            try (var d = pinned.download(URI.create("http://127.0.0.1:" + checked.port() + "/x"), 10_000, CountingSink::new, Deadline.NONE);
                    InputStream in = d.payload().open()) {
                assertThat(in.readAllBytes()).isEqualTo(BODY);
            }
            assertThat(checked.hits("/x")).isEqualTo(1);
            assertThat(elsewhere.totalHits()).isZero();
        }
    }

    @Test
    void download_https_verifiesTheCertificateChainAndTheHostName() throws Exception {
        TestCertificates.Material tls = TestCertificates.create(Files.createDirectories(temp.resolve("tls")));
        try (TestSource secure = new TestSource(InetAddress.getLoopbackAddress(), 0, serverTls(tls))) {
            secure.on("/obs", TestSource.ok(BODY));
            SourceGuard loopback = pinnedTo(InetAddress.getLoopbackAddress());
            HttpDownloader trusting =
                    new HttpDownloader(settings(), loopback, temp, PemTrust.socketFactory(tls.caPem()));

            try (var d = trusting.download(secure.uri("/obs"), 10_000, CountingSink::new, Deadline.NONE)) {
                assertThat(d.payload().length()).isEqualTo(BODY.length);
            }
            // the JVM's trust store does not know the test CA
            HttpDownloader jvmTrust = new HttpDownloader(settings(), loopback, temp);
            assertThatThrownBy(() -> jvmTrust.download(secure.uri("/obs"), 10_000, CountingSink::new, Deadline.NONE))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo("tls"))
                    .hasMessageContaining("PKIX path building failed");
            // a trusted certificate, but for 127.0.0.1 and localhost, not for the URL's host
            URI otherName = URI.create("https://node.example.org:" + secure.port() + "/obs");
            assertThatThrownBy(() -> trusting.download(otherName, 10_000, CountingSink::new, Deadline.NONE))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo("tls"))
                    .hasMessageContaining("No subject alternative DNS name matching node.example.org");
            // a host name TLS cannot carry as SNI (a trailing dot) fails as tls, not as the cache's fault
            URI trailingDot = URI.create("https://localhost.:" + secure.port() + "/obs");
            assertThatThrownBy(() -> trusting.download(trailingDot, 10_000, CountingSink::new, Deadline.NONE))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo("tls"))
                    .hasMessageContaining("cannot be used for TLS");
            assertThat(secure.hits("/obs")).isEqualTo(1);
        }
    }

    @Test
    void download_chunkedBody_isDecoded_andATruncatedOneFails() throws Exception {
        byte[] body = new byte[10_000];
        new java.util.Random(7).nextBytes(body);
        source.on("/chunked", TestSource.chunked(body, 3000, true));
        try (var d = get("/chunked", 100_000); InputStream in = d.payload().open()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        source.on("/cut", TestSource.chunked(body, 3000, false));
        assertThatThrownBy(() -> get("/cut", 100_000)).satisfies(e -> assertThat(reason(e)).isEqualTo("truncated"));
    }

    @Test
    void download_answerThatIsNotHttp_failsWithItsReason() {
        source.on("/garbage", TestSource.raw("SSH-2.0-OpenSSH_9.2\r\n"));
        assertThatThrownBy(() -> get("/garbage", 10_000)).satisfies(e -> assertThat(reason(e)).isEqualTo("io-error"))
                .hasMessageContaining("not an HTTP/1.x status line");
        source.on("/bad-length", TestSource.raw("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n"));
        assertThatThrownBy(() -> get("/bad-length", 10_000)).hasMessageContaining("bad Content-Length");
        source.on("/two-lengths",
                TestSource.raw("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"));
        assertThatThrownBy(() -> get("/two-lengths", 10_000)).hasMessageContaining("conflicting Content-Length");
        source.on("/gzip", TestSource.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"));
        assertThatThrownBy(() -> get("/gzip", 10_000)).hasMessageContaining("unsupported Transfer-Encoding");
        source.on("/interim", TestSource.raw(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        try (var d = get("/interim", 10_000)) {
            assertThat(d.payload().length()).isEqualTo(2);
        }
    }

    @Test
    void download_headTrickledOrEndlesslyInterim_isCutOff() {
        source.on("/trickle", out -> {
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            while (true) { // one byte every 100 ms: never a read timeout, never an end
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        });
        HttpDownloader impatient = new HttpDownloader(settings(Duration.ofSeconds(1)), guard(), temp);
        assertThatThrownBy(() -> impatient.download(source.uri("/trickle"), 10_000, CountingSink::new, Deadline.NONE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo("timeout"));

        source.on("/interim", TestSource.raw("HTTP/1.1 100 Continue\r\n\r\n".repeat(50)));
        assertThatThrownBy(() -> get("/interim", 10_000)).hasMessageContaining("interim (1xx) responses");
    }

    @Test
    void download_urlWithAnImpossiblePort_failsAsBadUrl() {
        HttpDownloader pinned = new HttpDownloader(settings(), pinnedTo(InetAddress.getLoopbackAddress()), temp);
        assertThatThrownBy(() -> pinned.download(URI.create("http://127.0.0.1:99999/x"), 10, CountingSink::new, Deadline.NONE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo("bad-url")).hasMessageContaining("99999");
    }

    @Test
    void download_nonAsciiPath_isSentPercentEncoded() {
        source.on("/caf%C3%A9/obs", TestSource.ok(BODY));
        URI url = URI.create("http://127.0.0.1:" + source.port() + "/café/obs");
        try (var d = downloader.download(url, 10_000, CountingSink::new, Deadline.NONE)) {
            assertThat(d.payload().length()).isEqualTo(BODY.length);
        }
    }

    private static ManagerConfig.Download settings() {
        return settings(Duration.ofSeconds(10));
    }

    /** Connect and read timeouts of 2 s, no retry, bodies above 4 KiB spilled. */
    private static ManagerConfig.Download settings(Duration total) {
        return new ManagerConfig.Download(Duration.ofSeconds(2), Duration.ofSeconds(2), total, 0, Duration.ofMillis(10),
                4096);
    }

    private static SSLContext serverTls(TestCertificates.Material tls) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            keys.load(in, tls.password().toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, tls.password().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
