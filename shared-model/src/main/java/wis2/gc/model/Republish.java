package wis2.gc.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The republish rewrite (rules 15-18). The output equals the received tree except for the fields
 * the rules allow to change, each changed in place so field and link order stay as received:
 * {@code id}; for a cached item the source link's {@code href} and {@code length} (added at the
 * end of that link when absent); {@code properties.global-cache}; and {@code properties.integrity}
 * when it was absent. Output is compact JSON.
 */
public final class Republish {

    /** Namespace of the republished ids (a v5 UUID of the URL namespace and "wis2-gc:republish"). */
    static final UUID NAMESPACE = uuid5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
            "wis2-gc:republish".getBytes(StandardCharsets.UTF_8));

    private Republish() {
    }

    /**
     * The republished {@code id}: a name-based UUID v5 of this cache's centre-id, the
     * {@code data_id} and the pubtime <em>instant</em> (not its text), so a retry after a crash,
     * or a copy whose pubtime is written differently, gets the same id and the Global Brokers
     * drop the repeat. Each part is length-prefixed so different triples never share a name.
     */
    public static UUID id(String cacheCentreId, String dataId, Pubtime pubtime) {
        String name = cacheCentreId.length() + ":" + cacheCentreId + dataId.length() + ":" + dataId + pubtime.instant();
        return uuid5(NAMESPACE, name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The message announcing a cached copy.
     *
     * @param publicUrl      where the copy is served
     * @param length         bytes served at {@code publicUrl}
     * @param addedIfAbsent  integrity to add when the message has none (rule 12)
     * @throws IllegalArgumentException for a deletion or {@code cache=false} message, which are
     *                                  never cached
     */
    public static byte[] cached(Notification n, String cacheCentreId, String publicUrl, long length, Integrity addedIfAbsent) {
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(addedIfAbsent, "addedIfAbsent");
        if (n.isDeletion() || !n.cache()) {
            throw new IllegalArgumentException("message " + n.id() + " is a deletion or cache=false and is never cached");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        ObjectNode tree = common(n, cacheCentreId);
        ObjectNode link = (ObjectNode) tree.path("links").get(n.actionLink().index());
        link.put("href", publicUrl);
        link.put("length", length);
        ObjectNode props = (ObjectNode) tree.get("properties");
        if (!props.has("integrity")) {
            props.putObject("integrity")
                    .put("method", addedIfAbsent.method().wireName())
                    .put("value", addedIfAbsent.value());
        }
        return Json.MAPPER.writeValueAsBytes(tree);
    }

    /** The message for a {@code cache=false}, deletion or refused item: only id and global-cache change (rules 17-19). */
    public static byte[] passThrough(Notification n, String cacheCentreId) {
        return Json.MAPPER.writeValueAsBytes(common(n, cacheCentreId));
    }

    private static ObjectNode common(Notification n, String cacheCentreId) {
        Objects.requireNonNull(cacheCentreId, "cacheCentreId");
        ObjectNode tree = n.tree();
        tree.put("id", id(cacheCentreId, n.dataId(), n.pubtime()).toString());
        ((ObjectNode) tree.get("properties")).put("global-cache", cacheCentreId);
        return tree;
    }

    /** RFC 9562 name-based UUID, version 5 (SHA-1). */
    static UUID uuid5(UUID namespace, byte[] name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] h = sha1.digest(name);
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
