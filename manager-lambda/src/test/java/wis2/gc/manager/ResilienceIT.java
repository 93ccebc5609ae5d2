package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.testing.Poll;
import wis2.gc.testing.TestSource;
import wis2.gc.testing.Wnm;

/**
 * Exactly one publication per instance under races and while the cache's own servers fail:
 * the duplicate storm, and Redis, S3 and the broker taken away in the middle of the work.
 */
@ExtendWith(SharedServers.class)
class ResilienceIT {
    private static Servers servers;

    @BeforeAll
    static void start(Servers shared) {
        servers = shared;
    }

    @AfterAll
    static void allBack() {
        // later classes share the servers: leave every one of them running
        if (!servers.redis.isRunning()) {
            servers.redis.restart();
        }
        if (!servers.s3.isRunning()) {
            servers.s3.restart();
        }
        if (!servers.broker.isRunning()) {
            servers.broker.restart();
        }
    }

    private record Instance(String centre, Wnm wnm, String topic) {
    }

    private static List<Instance> instances(String centre, int count, int bytes) {
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = "/" + centre + "/" + i + ".bin";
            byte[] body = new byte[bytes];
            new Random(i).nextBytes(body);
            servers.source.on(path, TestSource.ok(body));
            Wnm wnm = Wnm.data().dataId(centre + "/data/core/x/" + i).href(servers.source.uri(path).toString());
            out.add(new Instance(centre, wnm, "origin/a/wis2/" + centre + "/data/core/x"));
        }
        return out;
    }

    /** Every announcement about {@code centre}, by data_id. */
    private static Map<String, List<ObjectNode>> announced(String centre) {
        return servers.subscriber.on("cache/a/wis2/" + centre + "/").stream().map(m -> Wnm.parse(m.payload()))
                .collect(Collectors.groupingBy(n -> n.at("/properties/data_id").asString()));
    }

    private static int downloads(String centre, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += servers.source.hits("/" + centre + "/" + i + ".bin");
        }
        return n;
    }

    private static long objects(String centre) {
        return servers.objectKeys().stream().filter(k -> k.startsWith(centre + "/")).count();
    }

    /** Each instance announced under one id, and every announced object readable. */
    private static void assertExactlyOnce(String centre, int count) {
        Poll.until(Duration.ofSeconds(30), () -> announced(centre).size() == count, count + " instances announced for "
                + centre);
        Map<String, List<ObjectNode>> byDataId = announced(centre);
        assertThat(byDataId).hasSize(count);
        byDataId.forEach((dataId, notes) -> {
            Set<String> ids = notes.stream().map(n -> n.get("id").asString()).collect(Collectors.toSet());
            assertThat(ids).as("publication ids of %s", dataId).hasSize(1);
            String href = notes.getFirst().at("/links/0/href").asString();
            String key = TestConfig.keyOf(href);
            assertThat(servers.s3Client.headObject(b -> b.bucket(Servers.BUCKET).key(key)).contentLength())
                    .isPositive();
        });
    }

    /** Plays the event source mapping: batches of up to 10, failed records come back until none fail. */
    private static int deliverUntilDone(ManagerHandler handler, List<SQSEvent.SQSMessage> records) {
        List<SQSEvent.SQSMessage> pending = new ArrayList<>(records);
        for (int round = 1; round <= 10; round++) {
            List<SQSEvent.SQSMessage> retry = new ArrayList<>();
            for (int i = 0; i < pending.size(); i += 10) {
                List<SQSEvent.SQSMessage> batch = pending.subList(i, Math.min(i + 10, pending.size()));
                Set<String> failed = new HashSet<>(Sqs.failed(handler.handleRequest(Sqs.event(batch), null)));
                batch.stream().filter(m -> failed.contains(m.getMessageId())).forEach(retry::add);
            }
            if (retry.isEmpty()) {
                return round;
            }
            pending = retry;
        }
        throw new AssertionError("records still failing after 10 deliveries");
    }

    @Test
    void duplicateStorm_1000InstancesTimes3Copies_on4ConcurrentInvocations_yieldsExactly1000OfEach() throws Exception {
        String centre = "storm-" + UUID.randomUUID().toString().substring(0, 8);
        List<Instance> instances = instances(centre, 1000, 512);
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Instance in : instances) {
            for (int copy = 0; copy < 3; copy++) {
                records.add(Sqs.record(in.topic(), in.wnm().id(UUID.randomUUID().toString())));
            }
        }
        Collections.shuffle(records, new Random(42));
        ConcurrentLinkedQueue<SQSEvent.SQSMessage> queue = new ConcurrentLinkedQueue<>(records);

        List<ManagerHandler> handlers =
                List.of(servers.handler(), servers.handler(), servers.handler(), servers.handler());
        try (ExecutorService lambdas = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (ManagerHandler handler : handlers) {
                running.add(lambdas.submit(() -> {
                    for (int invocations = 0; invocations < 1000; invocations++) {
                        List<SQSEvent.SQSMessage> batch = new ArrayList<>();
                        for (SQSEvent.SQSMessage m; batch.size() < 10 && (m = queue.poll()) != null; ) {
                            batch.add(m);
                        }
                        if (batch.isEmpty()) {
                            return null;
                        }
                        Set<String> failed = new HashSet<>(Sqs.failed(handler.handleRequest(Sqs.event(batch), null)));
                        batch.stream().filter(m -> failed.contains(m.getMessageId())).forEach(queue::add);
                    }
                    throw new AssertionError("records still coming back after 1000 invocations");
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            handlers.forEach(ManagerHandler::close);
        }

        assertExactlyOnce(centre, 1000);
        assertThat(downloads(centre, 1000)).isEqualTo(1000);
        assertThat(objects(centre)).isEqualTo(1000);
        Thread.sleep(300); // a stray second publication would have been acked before the handlers returned
        assertThat(announced(centre).values().stream().mapToInt(List::size).sum()).isEqualTo(1000);
    }

    @Test
    void redisStoppedMidBatch_failsTheAffectedRecords_retriesFinishOncePerInstance() {
        String centre = "redis-" + UUID.randomUUID().toString().substring(0, 8);
        List<Instance> instances = instances(centre, 20, 256);
        AtomicBoolean stopped = new AtomicBoolean();
        // instance 12's source takes Redis away while its record (in the second batch) is in flight
        servers.source.on("/" + centre + "/12.bin", out -> {
            if (stopped.compareAndSet(false, true)) {
                servers.redis.stop();
            }
            TestSource.ok(new byte[256]).write(out);
        });
        List<SQSEvent.SQSMessage> records = instances.stream().map(i -> Sqs.record(i.topic(), i.wnm())).toList();

        try (ManagerHandler handler = servers.handler()) {
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < records.size(); i += 10) {
                failed.addAll(Sqs.failed(handler.handleRequest(Sqs.event(records.subList(i, i + 10)), null)));
            }
            assertThat(stopped).isTrue();
            List<String> secondBatch = records.subList(10, 20).stream().map(SQSEvent.SQSMessage::getMessageId).toList();
            assertThat(failed).isNotEmpty().isSubsetOf(secondBatch);

            servers.redis.restart();
            deliverUntilDone(handler, records.stream().filter(r -> failed.contains(r.getMessageId())).toList());
        }
        assertExactlyOnce(centre, 20);
    }

    @Test
    void s3Stopped_failsTheRecordsAndAnnouncesNothing_untilItIsBack() {
        String centre = "s3-" + UUID.randomUUID().toString().substring(0, 8);
        List<SQSEvent.SQSMessage> records = instances(centre, 10, 256).stream().map(i -> Sqs.record(i.topic(), i.wnm()))
                .toList();
        try (ManagerHandler handler = servers.handler()) {
            servers.s3.stop();
            assertThat(Sqs.failed(handler.handleRequest(Sqs.event(records), null))).hasSize(10);
            assertThat(announced(centre)).isEmpty();

            servers.s3.restart();
            assertThat(deliverUntilDone(handler, records)).isEqualTo(1);
        }
        assertExactlyOnce(centre, 10);
    }

    @Test
    void brokerStopped_failsTheRecords_retriesAnnounceEachInstanceOnce() {
        String centre = "mqtt-" + UUID.randomUUID().toString().substring(0, 8);
        List<SQSEvent.SQSMessage> records = instances(centre, 10, 256).stream().map(i -> Sqs.record(i.topic(), i.wnm()))
                .toList();
        try (ManagerHandler handler = servers.handler()) {
            // a first record connects the publisher, so the stop below cuts a live connection
            deliverUntilDone(handler, records.subList(0, 1));
            servers.broker.stop();
            assertThat(Sqs.failed(handler.handleRequest(Sqs.event(records.subList(1, 10)), null))).hasSize(9);

            servers.broker.restart();
            deliverUntilDone(handler, records.subList(1, 10));
        }
        assertExactlyOnce(centre, 10);
    }
}
