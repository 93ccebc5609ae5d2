package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.standins.StandIns;
import wis2.gc.testing.Poll;
import wis2.gc.testing.TestSource;
import wis2.gc.testing.Wnm;

/**
 * A 1 GiB object cached by a manager whose heap is capped at 256 MiB, in a forked JVM built
 * the way the Lambda runtime builds it (environment variables, broker password from Secrets
 * Manager). The bytes are generated while they are served and never stored by the test.
 */
@ExtendWith(SharedServers.class)
class LargeObjectIT {
    private static final long SIZE = 1L << 30;
    private static final String BROKER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gc-broker-Large1";

    @TempDir
    Path temp;

    @Test
    void oneGibObject_isCachedWith256MibOfHeap(Servers servers) throws Exception {
        String centre = "big-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicReference<byte[]> served = new AtomicReference<>();
        servers.source.on("/" + centre + "/huge.bin", TestSource.generated(SIZE, served::set));
        Wnm wnm = Wnm.data().dataId(centre + "/data/core/x/huge")
                .href(servers.source.uri("/" + centre + "/huge.bin").toString())
                .length(SIZE);
        Path body = Files.writeString(temp.resolve("notification.json"), wnm.json());
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Path log = temp.resolve("forked.log");

        try (SecretsManagerStub secrets = new SecretsManagerStub()
                .put(BROKER_ARN, "{\"password\":\"" + Servers.PUBLISHER_PASSWORD + "\"}")) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp,
                    "-cp", System.getProperty("java.class.path"),
                    ForkedManager.class.getName(), "origin/a/wis2/" + centre + "/data/core/x", body.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("GC_") || k.startsWith("AWS_"));
            env.putAll(servers.env());
            env.remove("GC_BROKER_PASSWORD");
            env.put("GC_BROKER_PASSWORD_SECRET_ARN", BROKER_ARN);
            env.put("GC_SECRETS_ENDPOINT", secrets.endpoint().toString());
            env.put("GC_DOWNLOAD_TOTAL_TIMEOUT_MS", "150000");
            // above a Lambda's /tmp: this test is about the heap, on a disk that holds the object
            env.put("GC_MAX_OBJECT_BYTES", Long.toString(2 * SIZE));
            env.put("GC_TMP_CAPACITY_BYTES", Long.toString(2 * SIZE));
            env.put("AWS_REGION", StandIns.REGION.id());
            env.put("AWS_ACCESS_KEY_ID", StandIns.ACCESS_KEY_ID);
            env.put("AWS_SECRET_ACCESS_KEY", StandIns.SECRET_ACCESS_KEY);
            env.put("AWS_EC2_METADATA_DISABLED", "true");

            Process manager = pb.start();
            boolean finished = manager.waitFor(170, TimeUnit.SECONDS);
            if (!finished) {
                manager.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(finished).as("forked manager finished; output:%n%s", output).isTrue();
            assertThat(manager.exitValue()).as("exit code; output:%n%s", output).isZero();
            assertThat(output).contains("max heap 256 MiB");
            assertThat(secrets.requested).containsExactly(BROKER_ARN);
        }

        Poll.until(Duration.ofSeconds(10), () -> !servers.subscriber.on("cache/a/wis2/" + centre + "/").isEmpty(),
                "announcement");
        ObjectNode out = Wnm.parse(servers.subscriber.on("cache/a/wis2/" + centre + "/").getFirst().payload());
        assertThat(out.at("/links/0/length").asLong()).isEqualTo(SIZE);
        assertThat(out.at("/properties/integrity/value").asString())
                .isEqualTo(Base64.getEncoder().encodeToString(served.get()));
        String key = TestConfig.keyOf(out.at("/links/0/href").asString());
        assertThat(servers.s3Client.headObject(b -> b.bucket(Servers.BUCKET).key(key)).contentLength()).isEqualTo(SIZE);
        try (var left = Files.list(tmp)) {
            assertThat(left.map(Path::getFileName).map(Object::toString)).noneMatch(n -> n.startsWith("gc-download-"));
        }
        // 1 GiB is not left behind for later tests
        servers.s3Client.deleteObject(b -> b.bucket(Servers.BUCKET).key(key));
    }
}
