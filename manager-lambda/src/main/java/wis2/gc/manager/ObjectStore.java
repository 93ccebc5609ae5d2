package wis2.gc.manager;

/** Where cached objects live (S3 in AWS). Every failure is the cache's own fault. */
interface ObjectStore {
    /**
     * Stores {@code payload} under {@code key}, readable as soon as this returns.
     *
     * @throws ObjectStoreException when the store cannot be reached or refuses
     */
    void put(String key, Payload payload, String contentType);

    /** Deletes every object whose key starts with {@code prefix}; returns how many. */
    int deleteByPrefix(String prefix);
}
