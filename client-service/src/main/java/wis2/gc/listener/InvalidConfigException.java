package wis2.gc.listener;

/** A configuration variable is missing or malformed; the message names the variable. */
public final class InvalidConfigException extends RuntimeException {
    private final String variable;

    public InvalidConfigException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    /** The environment variable at fault, for example {@code GC_BROKER_URL}. */
    public String variable() {
        return variable;
    }
}
