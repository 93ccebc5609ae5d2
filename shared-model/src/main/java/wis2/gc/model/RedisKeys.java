package wis2.gc.model;

/**
 * Keys of the dedup state in Redis. An instance is known by the centre-id of its topic (level 4,
 * the same in the origin and the cache copies) and its data_id: a node publishing another
 * centre's data_id (with a later pubtime and {@code rel=update}) then touches only its own key
 * and cannot block the real one. Centre-id and data_id are hashed together (SHA-256, hex, the
 * centre-id length-prefixed so no two pairs share a name) so keys have a bounded length; the
 * hash is in braces, a Redis Cluster hash tag, so the two keys of one instance sit in one slot
 * and one script can touch both atomically.
 */
public final class RedisKeys {

    private RedisKeys() {
    }

    /** Holds the pubtime of the last instance of {@code dataId} of {@code centreId} processed. */
    public static String seen(String centreId, String dataId) {
        return "gc:seen:{" + tag(centreId, dataId) + "}";
    }

    /** Holds the live claim (lease) on {@code dataId} of {@code centreId} while one instance is being processed. */
    public static String claim(String centreId, String dataId) {
        return "gc:claim:{" + tag(centreId, dataId) + "}";
    }

    private static String tag(String centreId, String dataId) {
        return Hashes.sha256Hex(centreId.length() + ":" + centreId + dataId);
    }
}
