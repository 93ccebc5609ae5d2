package wis2.gc.manager.download;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import wis2.gc.manager.Deadline;

/**
 * One HTTP/1.1 GET to a {@link CheckedSource}: the connection goes to an address the guard
 * checked, never to a second DNS lookup (which a rebinding name could point at a private or
 * metadata address). Over https the certificate chain is verified against the trust store and
 * the certificate against the URL's host name, which is also sent as SNI. One exchange per
 * connection ({@code Connection: close}): the body ends at its length, its last chunk, or the
 * connection's end.
 */
final class SourceExchange implements Closeable {
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_INTERIM_RESPONSES = 10;
    /**
     * Closes the sockets of exchanges that outlive their deadline: a read blocked in the TLS
     * handshake, the chunk framing or the body then ends at once, however slowly the source
     * trickles (a per-read timeout alone lets one byte every few seconds go on for hours).
     */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final Socket socket;
    private final ScheduledFuture<?> watch;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    private SourceExchange(Socket socket, ScheduledFuture<?> watch, int status, Map<String, String> headers,
            InputStream body) {
        this.socket = socket;
        this.watch = watch;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** The source could not be connected to at any of its addresses (refused, unreachable, no answer). */
    static final class UnreachableException extends IOException {
        UnreachableException(IOException cause) {
            super(cause.toString(), cause);
        }
    }

    /**
     * Connects to the first of the source's addresses that answers, sends the request and reads
     * the response head. No connection at all is an {@link UnreachableException}; every read that
     * waits longer than {@code readTimeout} is a {@link SocketTimeoutException}. At {@code deadline}
     * the socket is closed, whatever is being read (TLS handshake, head, chunk framing, trailer,
     * body), so the caller sees an {@link IOException} and can tell from the deadline why.
     */
    static SourceExchange open(CheckedSource source, Duration connectTimeout, Duration readTimeout, Deadline deadline,
            SSLSocketFactory tls) throws IOException {
        URI uri = source.uri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        Socket socket = connect(source.addresses(), port, connectTimeout, deadline);
        Socket plain = socket;
        ScheduledFuture<?> watch =
                WATCHDOG.schedule(() -> closeQuietly(plain), Math.max(0, deadline.remaining().toNanos()),
                TimeUnit.NANOSECONDS);
        try {
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            if (https) {
                socket = secure(socket, tls, CheckedSource.hostName(uri), port);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request(uri).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int status;
            Map<String, String> headers;
            int interim = 0;
            do { // 1xx answers are interim: the real one follows
                if (interim++ > MAX_INTERIM_RESPONSES) {
                    throw new IOException("more than " + MAX_INTERIM_RESPONSES + " interim (1xx) responses");
                }
                status = statusCode(readLine(in, deadline));
                headers = readHeaders(in, deadline);
            } while (status >= 100 && status < 200);
            return new SourceExchange(socket, watch, status, headers, body(in, status, headers, deadline));
        } catch (IOException | RuntimeException e) {
            watch.cancel(false);
            socket.close();
            throw e;
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("gc-download-watchdog").factory());
        pool.setRemoveOnCancelPolicy(true); // finished downloads leave nothing behind
        return pool;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all the watchdog wants; a failure leaves nothing to do
        }
    }

    int status() {
        return status;
    }

    /** The header's value (the last one, if it came more than once), or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The declared body length, or -1 when the body is chunked or ends with the connection. */
    long contentLength() {
        return body instanceof FixedLengthBody fixed ? fixed.length : -1;
    }

    InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        watch.cancel(false);
        socket.close();
    }

    private static Socket connect(List<InetAddress> addresses, int port, Duration timeout,
            Deadline deadline) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                int millis = (int) Math.min(timeout.toMillis(), deadline.remainingMillisForTimeout());
                socket.connect(new InetSocketAddress(address, port), millis);
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw new UnreachableException(last);
    }

    private static Socket secure(Socket plain, SSLSocketFactory tls, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        // a layered SSLSocket checks no host name unless asked to: ask, as HTTPS clients do
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                throw new SSLException("host name " + abbreviate(host) + " cannot be used for TLS: " + e.getMessage());
            }
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static String request(URI source) {
        URI uri = URI.create(source.toASCIIString()); // non-ASCII characters percent-encoded as UTF-8
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String host = uri.getHost() + (uri.getPort() != -1 ? ":" + uri.getPort() : "");
        return "GET " + path + query + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: wis2-global-cache\r\n"
                + "Accept: */*\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
    }

    private static int statusCode(String line) throws IOException {
        // HTTP/1.1 200 OK
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + abbreviate(line));
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("no status code in: " + abbreviate(line));
        }
    }

    private static Map<String, String> readHeaders(InputStream in, Deadline deadline) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        for (int count = 0; ; count++) {
            String line = readLine(in, deadline);
            if (line.isEmpty()) {
                return headers;
            }
            if (count >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header: " + abbreviate(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            String earlier = headers.put(name, value);
            if (name.equals("content-length") && earlier != null && !earlier.equals(value)) {
                throw new IOException("conflicting Content-Length headers: " + earlier + " and " + value);
            }
        }
    }

    private static InputStream body(InputStream in, int status, Map<String, String> headers,
            Deadline deadline) throws IOException {
        if (status == 204 || status == 304) {
            return InputStream.nullInputStream();
        }
        String encoding = headers.get("transfer-encoding");
        if (encoding != null) {
            if (!encoding.equalsIgnoreCase("chunked")) {
                throw new IOException("unsupported Transfer-Encoding: " + abbreviate(encoding));
            }
            return new ChunkedBody(in, deadline);
        }
        String length = headers.get("content-length");
        if (length == null) {
            return in;
        }
        try {
            long declared = Long.parseLong(length);
            if (declared < 0) {
                throw new NumberFormatException();
            }
            return new FixedLengthBody(in, declared);
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + abbreviate(length));
        }
    }

    /**
     * One line of the response head or of the chunk framing, without its CRLF (a bare LF is
     * accepted), complete before {@code deadline}.
     */
    static String readLine(InputStream in, Deadline deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the source closed the connection in the middle of a line");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            if (deadline.expired()) {
                throw new SocketTimeoutException("a response line was not complete within the total timeout");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** A body; its single-byte read goes through the bulk read that knows the framing. */
    private abstract static class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A body of a declared length; the connection ending before it is an error, not the end. */
    private static final class FixedLengthBody extends Body {
        private final InputStream in;
        private final long length;
        private long remaining;

        FixedLengthBody(InputStream in, long length) {
            this.in = in;
            this.length = length;
            this.remaining = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(count, remaining));
            if (n < 0) {
                throw new EOFException("the source closed the connection after " + (length - remaining)
                        + " of " + length + " bytes");
            }
            remaining -= n;
            return n;
        }
    }

    /** A chunked body (RFC 9112, 7.1): size lines in hex, optional extensions and trailer fields. */
    static final class ChunkedBody extends Body {
        private final InputStream in;
        private final Deadline deadline;
        private long remaining;
        private boolean started;
        private boolean ended;

        /** The framing lines and the trailer must be complete before {@code deadline}, like the head. */
        ChunkedBody(InputStream in, Deadline deadline) {
            this.in = in;
            this.deadline = deadline;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (remaining == 0 && !ended) {
                nextChunk();
            }
            if (ended) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(count, remaining));
            if (n < 0) {
                throw new EOFException("the source closed the connection in the middle of a chunk");
            }
            remaining -= n;
            return n;
        }

        private void nextChunk() throws IOException {
            if (started && !readLine(in, deadline).isEmpty()) {
                throw new IOException("a chunk longer than its declared size");
            }
            started = true;
            String line = readLine(in, deadline);
            int extension = line.indexOf(';');
            String size = (extension < 0 ? line : line.substring(0, extension)).trim();
            if (size.isEmpty() || size.length() > 15 || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IOException("bad chunk size: " + abbreviate(line));
            }
            remaining = Long.parseLong(size, 16);
            if (remaining == 0) {
                readHeaders(in, deadline); // the trailer, up to the empty line
                ended = true;
            }
        }
    }
}
