package wis2.gc.local;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What CloudFront adds in front of S3: recently served small objects kept in memory, so a
 * thousand clients asking for one object cost one read from the store. Every request still
 * asks the store for the object's ETag first, so a deleted or replaced object is never served
 * from here. Concurrent first requests for one object share a single read.
 */
final class HotObjects {
    /** One object as served: its ETag at the time it was read, its type and its bytes. */
    record Entry(String eTag, String contentType, byte[] body) {
    }

    private final long maxObjectBytes;
    private final long maxTotalBytes;
    private final Map<String, CompletableFuture<Entry>> entries = new ConcurrentHashMap<>();
    private long totalBytes;

    HotObjects(long maxObjectBytes, long maxTotalBytes) {
        if (maxObjectBytes < 1 || maxTotalBytes < maxObjectBytes) {
            throw new IllegalArgumentException("need 0 < maxObjectBytes <= maxTotalBytes, got " + maxObjectBytes
                    + " and " + maxTotalBytes);
        }
        this.maxObjectBytes = maxObjectBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    boolean fits(long length) {
        return length <= maxObjectBytes;
    }

    /** The object {@code key} at {@code eTag}: from memory, or read once by {@code loader} and kept. */
    Entry get(String key, String eTag, Supplier<Entry> loader) {
        while (true) {
            CompletableFuture<Entry> mine = new CompletableFuture<>();
            CompletableFuture<Entry> existing = entries.putIfAbsent(key, mine);
            if (existing == null) {
                try {
                    Entry loaded = loader.get();
                    mine.complete(loaded);
                    admitted(loaded.body().length);
                    return loaded;
                } catch (RuntimeException e) {
                    entries.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
            Entry e;
            try {
                e = existing.join();
            } catch (RuntimeException failed) {
                return loader.get(); // the shared read failed; this request tries on its own
            }
            if (e.eTag() != null && e.eTag().equals(eTag)) {
                return e;
            }
            if (entries.remove(key, existing)) { // replaced in the store since it was read
                released(e.body().length);
            }
        }
    }

    private synchronized void admitted(long bytes) {
        totalBytes += bytes;
        // the oldest entries go first (ConcurrentHashMap has no order; good enough for a stand-in of a CDN)
        Iterator<Map.Entry<String, CompletableFuture<Entry>>> it = entries.entrySet().iterator();
        while (totalBytes > maxTotalBytes && it.hasNext()) {
            var next = it.next();
            if (next.getValue().isDone() && !next.getValue().isCompletedExceptionally()) {
                totalBytes -= next.getValue().join().body().length;
                it.remove();
            }
        }
    }

    private synchronized void released(long bytes) {
        totalBytes -= bytes;
    }
}
