package wis2.gc.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WIS2 node's data server on 127.0.0.1 that misbehaves on request, as real ones do: slow,
 * trickling, 5xx, 429, connection resets. Raw sockets, so every byte is the test's choice.
 */
final class UnrulyNode implements AutoCloseable {
    /** One answer to one request. */
    @FunctionalInterface
    interface Answer {
        void write(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    UnrulyNode() throws IOException {
        Thread.ofPlatform().daemon().name("unruly-node").start(this::accept);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Answers {@code path} with these in turn, the last one for ever after. */
    UnrulyNode on(String path, Answer... inTurn) {
        answers.put(path, new ArrayDeque<>(List.of(inTurn)));
        return this;
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    static Answer ok(byte[] body) {
        return (socket, out) -> {
            head(out, 200, "Content-Type: application/bufr", "Content-Length: " + body.length);
            out.write(body);
        };
    }

    static Answer status(int code, String... headers) {
        String[] all = new String[headers.length + 1];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "Content-Length: 0";
        return (socket, out) -> head(out, code, all);
    }

    /** A TCP reset instead of an answer. */
    static Answer reset() {
        return (socket, out) -> socket.setSoLinger(true, 0);
    }

    /** The whole body, sent in {@code pieces} parts with {@code pause} between them. */
    static Answer slow(byte[] body, int pieces, Duration pause) {
        return (socket, out) -> {
            head(out, 200, "Content-Type: application/bufr", "Content-Length: " + body.length);
            int step = (body.length + pieces - 1) / pieces;
            for (int i = 0; i < body.length; i += step) {
                if (i > 0) {
                    Thread.sleep(pause);
                }
                out.write(body, i, Math.min(step, body.length - i));
                out.flush();
            }
        };
    }

    /** Declares {@code length} bytes and sends one every {@code pause}: never silent long enough to time out. */
    static Answer trickle(int length, Duration pause) {
        return (socket, out) -> {
            head(out, 200, "Content-Type: application/bufr", "Content-Length: " + length);
            for (int i = 0; i < length; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(pause);
            }
        };
    }

    private static void head(OutputStream out, int status, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\nConnection: close\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String request = in.readLine();
            if (request == null) {
                return;
            }
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                // the headers do not matter here
            }
            String path = request.split(" ")[1];
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
            answer.write(socket, socket.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // the cache hung up (a download cut by its budget): nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
