package wis2.gc.manager.download;

/** A download found no room in the spill space in time: the cache's own limit, so the record is retried. */
public final class SpillSpaceException extends RuntimeException {
    public SpillSpaceException(String message) {
        super(message);
    }
}
