package wis2.gc.replay;

/** The backfill's shared state (Redis) could not be read or written; the work is tried again later. */
final class ReplayStateException extends RuntimeException {
    ReplayStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
