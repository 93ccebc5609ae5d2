package wis2.gc.infra;

/** The environment's configuration file is missing, unreadable or names an invalid value. */
public final class InvalidConfigException extends RuntimeException {
    InvalidConfigException(String message) {
        super(message);
    }

    InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
