package wis2.gc.manager;

/** A download found no room in the spill space in time: the cache's own limit, so the record is retried. */
final class SpillSpaceException extends RuntimeException {
    SpillSpaceException(String message) {
        super(message);
    }
}
