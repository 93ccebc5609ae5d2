package wis2.gc.standins;

/** A stand-in server could not be started, stopped or configured; the message names which and where. */
public final class StandInException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StandInException(String message) {
        super(message);
    }

    StandInException(String message, Throwable cause) {
        super(message, cause);
    }
}
