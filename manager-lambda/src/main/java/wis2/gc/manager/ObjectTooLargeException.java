package wis2.gc.manager;

/** A source object is larger than the cache's size ceiling: the cache refuses to cache it. */
final class ObjectTooLargeException extends RuntimeException {
    ObjectTooLargeException(String message) {
        super(message);
    }
}
