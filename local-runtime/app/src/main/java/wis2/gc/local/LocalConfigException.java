package wis2.gc.local;

/** A {@code GC_*} variable has a value the local cache cannot use; the message names the variable. */
public final class LocalConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String variable;

    public LocalConfigException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    /** The environment variable at fault. */
    public String variable() {
        return variable;
    }
}
