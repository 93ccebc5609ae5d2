package wis2.gc.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in WIS2 node's data server for the demo, the bench and the tests: serves the bytes
 * put under a path, 404 for anything else, and counts the requests per path (to show that a
 * notification relayed by two brokers is downloaded once).
 */
public final class WisNode implements AutoCloseable {
    private record Entry(byte[] body, String contentType) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Entry> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private WisNode(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    public static WisNode start() throws IOException {
        WisNode node = new WisNode(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024));
        node.server.start();
        return node;
    }

    /** Publishes {@code body} at {@code path} (starting with '/'); returns its URL. */
    public String put(String path, byte[] body, String contentType) {
        files.put(path, new Entry(body, contentType));
        return url(path);
    }

    /** The URL of {@code path}, whether or not something is there. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Entry e = files.get(path);
            if (e == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", e.contentType());
            ex.sendResponseHeaders(200, e.body().length == 0 ? -1 : e.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(e.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
