package wis2.gc.manager;

import java.util.Optional;
import wis2.gc.manager.download.Payload;

/** Where cached objects live (S3 in AWS). Every failure is the cache's own fault. */
interface ObjectStore {
    /**
     * Stores {@code payload} under {@code key}, readable as soon as this returns.
     *
     * @throws ObjectStoreException when the store cannot be reached or refuses
     */
    void put(String key, Payload payload, String contentType);

    /**
     * Stores {@code payload} with the base64 sha512 of its bytes kept beside it, so that a retry
     * after a crash between publish and commit can announce the stored object without
     * downloading it again ({@link #stored}).
     */
    default void put(String key, Payload payload, String contentType, String sha512) {
        put(key, payload, contentType, sha512, Deadline.NONE);
    }

    /** As {@link #put(String, Payload, String, String)}, given up (a fault: the record is retried) at {@code by}. */
    default void put(String key, Payload payload, String contentType, String sha512, Deadline by) {
        put(key, payload, contentType);
    }

    /**
     * The object under {@code key}, if it is stored with its sha512.
     *
     * @throws ObjectStoreException when the store cannot be reached
     */
    Optional<Stored> stored(String key);

    /** A stored object's length and the base64 sha512 kept with it. */
    record Stored(long length, String sha512) {
    }

    /** Deletes every object whose key starts with {@code prefix}; returns how many. */
    int deleteByPrefix(String prefix);
}
