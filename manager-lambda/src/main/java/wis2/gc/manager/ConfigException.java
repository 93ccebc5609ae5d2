package wis2.gc.manager;

/** The manager's configuration is missing or invalid; the message names the variable or field. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
