package wis2.gc.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A WIS2 node's data server on 127.0.0.1 whose answers the test controls, written on a raw
 * socket so it can also misbehave (lie about Content-Length, stall, trickle, reset, never end).
 * The manager's download tests and the one-machine time-budget tests share it.
 */
public final class TestSource implements AutoCloseable {
    /** What the server does for one request. */
    @FunctionalInterface
    public interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Thread acceptor;

    private final String scheme;

    /** Plain HTTP on 127.0.0.1, a free port. */
    public TestSource() throws IOException {
        this(InetAddress.getLoopbackAddress(), 0, null);
    }

    /** On {@code address} and {@code port} (0: a free one); HTTPS when {@code tls} is given. */
    public TestSource(InetAddress address, int port, SSLContext tls) throws IOException {
        server = tls == null ? new ServerSocket(port, 200, address)
                : tls.getServerSocketFactory().createServerSocket(port, 200, address);
        scheme = tls == null ? "http" : "https";
        acceptor = Thread.ofPlatform().daemon().name("test-source").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public URI uri(String path) {
        return URI.create(scheme + "://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort()
                + path);
    }

    /** Answers {@code path} with these answers in turn, the last one repeated for ever. */
    public TestSource on(String path, Answer... inTurn) {
        answers.put(path, new ArrayDeque<>(List.of(inTurn)));
        return this;
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public static Answer ok(byte[] body, String type) {
        return out -> {
            head(out, 200, "Content-Type: " + type, "Content-Length: " + body.length);
            out.write(body);
        };
    }

    public static Answer ok(byte[] body) {
        return ok(body, "application/octet-stream");
    }

    public static Answer status(int code) {
        return out -> head(out, code, "Content-Length: 0");
    }

    public static Answer redirect(String location) {
        return out -> head(out, 302, "Location: " + location, "Content-Length: 0");
    }

    /**
     * The body in chunks of {@code size} bytes (the first with a chunk extension), then a trailer
     * field; {@code complete} false stops in the middle of the second chunk and closes.
     */
    public static Answer chunked(byte[] body, int size, boolean complete) {
        return out -> {
            head(out, 200, "Transfer-Encoding: chunked");
            for (int i = 0; i < body.length; i += size) {
                int n = Math.min(size, body.length - i);
                out.write((Integer.toHexString(n) + (i == 0 ? ";name=value" : "") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                if (!complete && i > 0) {
                    out.write(body, i, n / 2);
                    return;
                }
                out.write(body, i, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\nX-Trailer: done\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    /** Ends the connection with a TCP reset (RST) instead of an answer. */
    public static final Answer RESET = out -> {
        throw new IllegalStateException("RESET is handled by the server itself");
    };

    /** A 429 asking the client to come back after {@code seconds}. */
    public static Answer tooManyRequests(int seconds) {
        return out -> head(out, 429, "Retry-After: " + seconds, "Content-Length: 0");
    }

    /** These bytes, then one byte of {@code trickle} every {@code pause}, for ever: never a read timeout. */
    public static Answer trickling(byte[] first, Duration pause) {
        return out -> {
            out.write(first);
            out.flush();
            while (true) {
                out.write('1');
                out.flush();
                Thread.sleep(pause);
            }
        };
    }

    /** Exactly these bytes, whatever they are, then the connection ends. */
    public static Answer raw(String bytes) {
        return out -> out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Declares {@code declared} bytes but sends only {@code body} and closes. */
    public static Answer wrongLength(byte[] body, long declared) {
        return out -> {
            head(out, 200, "Content-Length: " + declared);
            out.write(body);
        };
    }

    /** Sends the body one chunk every {@code pause}. */
    public static Answer slow(byte[] body, int chunk, Duration pause) {
        return out -> {
            head(out, 200, "Content-Length: " + body.length);
            for (int i = 0; i < body.length; i += chunk) {
                out.write(body, i, Math.min(chunk, body.length - i));
                out.flush();
                Thread.sleep(pause);
            }
        };
    }

    /** A body that never ends (no length; closed only when the client goes away). */
    public static Answer endless() {
        return out -> {
            head(out, 200);
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);
            }
        };
    }

    /**
     * {@code size} generated bytes (a cheap deterministic pattern), never held in memory; the
     * sha512 of what was sent is handed to {@code digestSink} when the body is complete.
     */
    public static Answer generated(long size, java.util.function.Consumer<byte[]> digestSink) {
        return out -> {
            head(out, 200, "Content-Length: " + size);
            MessageDigest sha512 = sha512();
            byte[] block = new byte[256 * 1024];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (i * 31 + 7);
            }
            long sent = 0;
            while (sent < size) {
                int n = (int) Math.min(block.length, size - sent);
                block[0] = (byte) (sent >>> 18); // vary the blocks a little
                out.write(block, 0, n);
                sha512.update(block, 0, n);
                sent += n;
            }
            out.flush();
            digestSink.accept(sha512.digest());
        };
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void head(OutputStream out, int status, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\nConnection: close\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String requestLine = in.readLine();
            if (requestLine == null) {
                return;
            }
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                // headers are not needed
            }
            String path = requestLine.split(" ")[1];
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Deque<Answer> queue = answers.get(path);
            Answer answer;
            if (queue == null) {
                answer = status(404);
            } else {
                synchronized (queue) {
                    answer = queue.size() > 1 ? queue.poll() : queue.peek();
                }
            }
            if (answer == RESET) {
                socket.setSoLinger(true, 0); // close() now sends RST, as a crashing server or a middlebox does
                return;
            }
            OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            answer.write(out);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client went away (a refused or aborted download): nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
