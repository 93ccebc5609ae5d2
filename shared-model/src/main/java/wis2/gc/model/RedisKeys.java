package wis2.gc.model;

/**
 * Keys of the dedup state in Redis. The data_id is hashed (SHA-256, hex) so keys have a bounded
 * length whatever the data_id; the hash is in braces, a Redis Cluster hash tag, so the two keys
 * of one data_id sit in one slot and one script can touch both atomically.
 */
public final class RedisKeys {

    private RedisKeys() {
    }

    /** Holds the pubtime of the last instance of {@code dataId} processed (rule 4). */
    public static String seen(String dataId) {
        return "gc:seen:{" + Hashes.sha256Hex(dataId) + "}";
    }

    /** Holds the live claim (lease) on {@code dataId} while one instance is being processed (rule 6). */
    public static String claim(String dataId) {
        return "gc:claim:{" + Hashes.sha256Hex(dataId) + "}";
    }
}
