package wis2.gc.local.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import wis2.gc.standins.AclFile;
import wis2.gc.standins.BrokerOptions;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.standins.EmbeddedRedis;
import wis2.gc.standins.EmbeddedS3;
import wis2.gc.standins.StandIns;

/**
 * The manager benchmark's servers, in a process of their own so that the CPU of the
 * benchmark's process is the manager's: a real redis-server, S3Proxy, the cache's broker
 * (HiveMQ with the repository's users and ACL, plain and TLS listeners) and a WIS2 node's data
 * server that serves {@link BenchObjects}. It prints one line starting with {@link #READY}
 * and the endpoints, then runs until its standard input ends.
 *
 * <p>Arguments: seed, count, smallest and largest object size in bytes, a working folder.
 */
public final class BenchServers {
    static final String READY = "gc-bench-servers-ready";
    static final String BUCKET = "gc-bench";
    static final String PUBLISHER = "gc-publisher";
    static final String SUBSCRIBER = "everyone";

    private BenchServers() {
    }

    public static void main(String[] args) throws Exception {
        BenchObjects objects = new BenchObjects(Long.parseLong(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        Path dir = Files.createDirectories(Path.of(args[4]));
        List<AutoCloseable> servers = new ArrayList<>();
        try {
            EmbeddedRedis redis = EmbeddedRedis.start();
            servers.add(redis);
            EmbeddedS3 s3 = EmbeddedS3.start(Files.createDirectories(dir.resolve("s3")));
            servers.add(s3);
            s3.createBucket(BUCKET);
            String password = UUID.randomUUID().toString();
            EmbeddedBroker broker = EmbeddedBroker.start(BrokerOptions.secured(
                            Map.of(PUBLISHER, password, SUBSCRIBER, SUBSCRIBER),
                                    AclFile.load(AclFile.locateInRepository()))
                    .withTls()
                    .withSessionsInMemory()
                    .withMaxQueuedMessages(100_000));
            servers.add(broker);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            HttpServer data = HttpServer.create(new InetSocketAddress(StandIns.HOST, 0), 256);
            data.setExecutor(threads);
            data.createContext("/", exchange -> serve(objects, exchange));
            data.start();
            servers.add(() -> {
                data.stop(0);
                threads.shutdownNow();
            });
            System.out.println(READY + " redis=" + redis.uri() + " s3=" + s3.endpoint() + " mqtt=" + broker.serverUri()
                    + " mqtts=" + broker.tlsServerUri() + " ca=" + broker.caFile().toAbsolutePath()
                    + " password=" + password + " data=http://" + StandIns.HOST + ":" + data.getAddress().getPort());
            System.out.flush();
            // the benchmark closes our standard input when it is done, or dies: either way we end
            while (System.in.read() >= 0) {
                continue;
            }
        } finally {
            for (int i = servers.size() - 1; i >= 0; i--) {
                try {
                    servers.get(i).close();
                } catch (Exception e) {
                    System.err.println("gc bench servers: closing failed: " + e);
                }
            }
        }
        System.exit(0);
    }

    private static void serve(BenchObjects objects, HttpExchange exchange) throws IOException {
        try (exchange) {
            int i = BenchObjects.indexOf(exchange.getRequestURI().getPath());
            if (i < 0 || i >= objects.count()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = objects.bytes(i);
            exchange.getResponseHeaders().set("Content-Type", "application/bufr");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
