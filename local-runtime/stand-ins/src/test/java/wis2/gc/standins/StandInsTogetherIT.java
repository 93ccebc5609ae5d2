package wis2.gc.standins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All four stand-ins in one JVM, as the local runtime runs them; prints how long each took to start. */
class StandInsTogetherIT {

    @Test
    void allFour_startSideBySideOnLoopbackPorts(@TempDir Path dir) throws Exception {
        Map<String, Long> startMillis = new LinkedHashMap<>();
        try (EmbeddedRedis redis = timed("redis", startMillis, EmbeddedRedis::start);
                EmbeddedSqs sqs = timed("sqs", startMillis, EmbeddedSqs::start);
                EmbeddedS3 s3 = timed("s3", startMillis, () -> EmbeddedS3.start(dir.resolve("s3")));
                EmbeddedBroker broker = timed("broker", startMillis, () -> EmbeddedBroker.start(BrokerOptions.secured(
                        Map.of("everyone", "everyone"), AclFile.load(AclFile.locateInRepository())).withTls()))) {

            System.out.println("stand-in start times (ms, first start in this JVM): " + startMillis);
            for (int port : new int[] {redis.port(), sqs.port(), s3.port(), broker.port(), broker.tlsPort()
                    .getAsInt()}) {
                assertThat(accepts(port)).as("port %d accepts connections", port).isTrue();
            }
        }
    }

    private static <T> T timed(String name, Map<String, Long> millis, Supplier<T> start) {
        long began = System.nanoTime();
        T started = start.get();
        millis.put(name, (System.nanoTime() - began) / 1_000_000);
        return started;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(StandIns.HOST, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
