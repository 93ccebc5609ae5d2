package wis2.gc.manager.download;

/** A source object is larger than the cache's size ceiling: the cache refuses to cache it. */
public final class ObjectTooLargeException extends RuntimeException {
    public ObjectTooLargeException(String message) {
        super(message);
    }
}
