package wis2.gc.model;

import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;

/**
 * Digests of a byte stream fed in chunks, for one or several methods at once, so the manager
 * gets the declared method and sha512 in one pass without holding the object in memory.
 * Not thread-safe: one instance per download.
 */
public final class StreamingDigest {

    private final IntegrityMethod first;
    private final Map<IntegrityMethod, MessageDigest> engines = new EnumMap<>(IntegrityMethod.class);
    private final Map<IntegrityMethod, byte[]> results = new EnumMap<>(IntegrityMethod.class);
    private long length;

    private StreamingDigest(IntegrityMethod[] methods) {
        if (methods.length == 0) {
            throw new IllegalArgumentException("at least one integrity method is needed");
        }
        this.first = methods[0];
        for (var m : methods) {
            engines.putIfAbsent(m, m.newDigest());
        }
    }

    /** A digest computing every one of {@code methods} (duplicates are ignored). */
    public static StreamingDigest of(IntegrityMethod... methods) {
        return new StreamingDigest(methods.clone());
    }

    /** Feeds {@code len} bytes of {@code buf} from {@code off}. */
    public void update(byte[] buf, int off, int len) {
        if (!results.isEmpty()) {
            throw new IllegalStateException("digest already computed; no more data accepted");
        }
        for (var engine : engines.values()) {
            engine.update(buf, off, len);
        }
        length += len;
    }

    /** Feeds all of {@code buf}. */
    public void update(byte[] buf) {
        update(buf, 0, buf.length);
    }

    /** Number of bytes fed so far. */
    public long length() {
        return length;
    }

    /** The digest for the first method given to {@link #of}; ends the feeding. */
    public byte[] digest() {
        return digest(first);
    }

    /** The digest for {@code method}, which must be one given to {@link #of}; ends the feeding. */
    public byte[] digest(IntegrityMethod method) {
        if (!engines.containsKey(method)) {
            throw new IllegalArgumentException("method " + method.wireName() + " was not requested");
        }
        if (results.isEmpty()) {
            engines.forEach((m, engine) -> results.put(m, engine.digest()));
        }
        return results.get(method).clone();
    }
}
