package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import wis2.gc.testing.TestSource;
import wis2.gc.testing.Wnm;

/**
 * A batch whose objects together are far larger than the manager's /tmp (made small here with
 * GC_TMP_CAPACITY_BYTES) is cached whole, while a watcher of the spill folder sees it hold at
 * most that capacity: the downloads take turns for the room instead of filling the disk.
 */
@ExtendWith(SharedServers.class)
class SpillSpaceIT {
    private static final int OBJECTS = 4;
    private static final int SIZE = 2 << 20;
    private static final long CAPACITY = 3L << 20;

    @TempDir
    Path tmp;

    @Test
    void batchLargerThanTmp_isCachedWithoutTheSpillEverExceedingTheCapacity(Servers servers) throws Exception {
        ManagerConfig config = servers.config().tmpCapacityBytes(CAPACITY).maxObjectBytes(CAPACITY)
                .download(ManagerConfig.Download.builder().retryBackoff(Duration.ofMillis(10))
                        .readTimeout(Duration.ofSeconds(2)).spillBytes(256 << 10).build())
                .build();
        String centre = "spill-" + UUID.randomUUID().toString().substring(0, 8);
        List<byte[]> bodies = new ArrayList<>();
        List<Wnm> records = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < OBJECTS; i++) {
            byte[] body = new byte[SIZE];
            random.nextBytes(body);
            bodies.add(body);
            String path = "/" + centre + "/big-" + i + ".bin";
            // slow enough that, without a bound, all four would be spilling at once
            servers.source.on(path, TestSource.slow(body, 128 << 10, Duration.ofMillis(10)));
            records.add(Wnm.data().dataId(centre + "/data/core/x/big-" + i).href(servers.source.uri(path).toString()));
        }
        Watcher watcher = new Watcher(tmp);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ManagerHandler handler =
                new ManagerHandler(config, servers.s3Client, () -> ManagerSecrets.fromConfig(config),
                new PrintStream(log, true, StandardCharsets.UTF_8), tmp, Optional.empty())) {
            Thread watching = Thread.ofPlatform().daemon().start(watcher);
            List<String> failed = Sqs.failed(handler.handleRequest(Sqs.event(records.stream()
                    .map(r -> Sqs.record("origin/a/wis2/" + centre + "/data/core/x", r)).toList()), null));
            watcher.stop.set(true);
            watching.join();

            assertThat(failed).as("log:%n%s", log).isEmpty();
        }
        System.out.printf("spill folder peak: %d bytes of %d allowed, %d objects of %d bytes%n",
                watcher.peak.get(), CAPACITY, OBJECTS, SIZE);
        assertThat(watcher.peak.get()).isGreaterThan(0).isLessThanOrEqualTo(CAPACITY);
        try (var left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        List<String> keys = servers.objectKeys().stream().filter(k -> k.startsWith(centre + "/")).toList();
        assertThat(keys).hasSize(OBJECTS);
        for (String key : keys) {
            int i = Integer.parseInt(key.replaceAll(".*big-(\\d+)\\.bin$", "$1"));
            byte[] stored = servers.s3Client.getObject(b -> b.bucket(Servers.BUCKET).key(key),
                    ResponseTransformer.toBytes()).asByteArray();
            assertThat(stored).isEqualTo(bodies.get(i));
        }
    }

    /** Sums the sizes of the files in the spill folder every few milliseconds and keeps the largest sum. */
    private static final class Watcher implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong peak = new AtomicLong();
        private final Path dir;

        Watcher(Path dir) {
            this.dir = dir;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                long sum = 0;
                try (var files = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        try {
                            sum += Files.size(p);
                        } catch (IOException gone) {
                            // deleted between listing and sizing
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                peak.accumulateAndGet(sum, Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
