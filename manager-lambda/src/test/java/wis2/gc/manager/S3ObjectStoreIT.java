package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import wis2.gc.manager.download.Payload;
import wis2.gc.standins.EmbeddedS3;

class S3ObjectStoreIT {
    @TempDir
    static Path dir;
    private static EmbeddedS3 s3;
    private static S3Client client;
    private static S3ObjectStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start(dir.resolve("s3"));
        s3.createBucket("cache");
        client = Servers.s3Client(s3);
        store = new S3ObjectStore(client, "cache", S3ObjectStore.MIN_PART_BYTES);
    }

    @AfterAll
    static void stop() {
        client.close();
        s3.close();
    }

    private static byte[] get(String key) {
        return client.getObjectAsBytes(b -> b.bucket("cache").key(key)).asByteArray();
    }

    @Test
    void put_smallPayload_withContentTypeAndExactLength() {
        store.put("a/small.txt", new Payload.InMemory("hello".getBytes()), "text/plain");
        var head = client.headObject(b -> b.bucket("cache").key("a/small.txt"));
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.contentLength()).isEqualTo(5);
        store.put("a/untyped", new Payload.InMemory(new byte[3]), null);
        assertThat(client.headObject(b -> b.bucket("cache").key("a/untyped")).contentType())
                .isEqualTo("application/octet-stream");
    }

    @Test
    void put_aboveTheThreshold_uploadsInPartsFromTheFile() throws Exception {
        byte[] bytes = new byte[(int) (2 * S3ObjectStore.MIN_PART_BYTES + 12345)];
        new Random(3).nextBytes(bytes);
        Path file = Files.write(dir.resolve("big.part"), bytes);
        store.put("b/big.bin", new Payload.InFile(file, bytes.length), "application/x-grib2");
        assertThat(get("b/big.bin")).isEqualTo(bytes);
        assertThat(client.listMultipartUploads(b -> b.bucket("cache")).uploads()).isEmpty();
    }

    @Test
    void deleteByPrefix_removesOnlyThatPrefix() {
        for (String key : new String[] {"c/x/_/1/f", "c/x/_/2/f", "c/xy/_/1/f"}) {
            store.put(key, new Payload.InMemory(new byte[1]), null);
        }
        assertThat(store.deleteByPrefix("c/x/_/")).isEqualTo(2);
        assertThat(client.listObjectsV2(b -> b.bucket("cache").prefix("c/")).contents()).extracting(o -> o.key())
                .containsExactly("c/xy/_/1/f");
    }

    @Test
    void put_whileS3IsDown_isAnObjectStoreFaultNamingTheKey() {
        s3.stop();
        try {
            assertThatThrownBy(() -> store.put("d/down", new Payload.InMemory(new byte[1]), null))
                    .isInstanceOf(ObjectStoreException.class).hasMessageContaining("s3://cache/d/down");
            assertThatThrownBy(() -> store.deleteByPrefix("d/")).isInstanceOf(ObjectStoreException.class);
        } finally {
            s3.restart();
        }
    }

    @Test
    void put_keepsTheSha512BesideTheObject_andStoredReadsItBack() {
        store.put("e/with-digest", new Payload.InMemory("hello".getBytes()), "text/plain", "c2hhNTEy");
        assertThat(store.stored("e/with-digest")).contains(new ObjectStore.Stored(5, "c2hhNTEy"));
        store.put("e/without-digest", new Payload.InMemory(new byte[2]), null);
        assertThat(store.stored("e/without-digest")).as("not written by a run that knew its digest").isEmpty();
        assertThat(store.stored("e/missing")).isEmpty();
    }

    @Test
    void put_withNoTimeLeftInTheInvocation_isAFault_andStoresNothing() {
        assertThatThrownBy(() -> store.put("f/late", new Payload.InMemory(new byte[1]), null, "x",
                new Deadline(System.nanoTime() - 1))).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("no time left");
        assertThat(store.stored("f/late")).isEmpty();
        store.put("f/in-time", new Payload.InMemory(new byte[1]), null, "eA==",
                Deadline.after(java.time.Duration.ofSeconds(30)));
        assertThat(store.stored("f/in-time")).isPresent();
    }
}
