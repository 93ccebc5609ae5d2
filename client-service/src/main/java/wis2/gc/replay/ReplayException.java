package wis2.gc.replay;

/** The Global Replay service could not be asked, or answered something unusable; the window is tried again later. */
final class ReplayException extends RuntimeException {
    ReplayException(String message) {
        super(message);
    }

    ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
