package wis2.gc.metrics;

/** A secret named in the configuration could not be read; the message names its ARN, never its value. */
public final class SecretUnavailableException extends RuntimeException {
    SecretUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
