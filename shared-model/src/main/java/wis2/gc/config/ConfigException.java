package wis2.gc.config;

/**
 * A configuration value is missing or malformed. Every program of the cache throws this one type
 * at start-up; the message is {@code VARIABLE: problem}, and a problem about a value ends with
 * {@code . Found: value}, with any password or token left out (see {@link GcEnv#found}).
 *
 * <p>{@code variable} is the {@code GC_*} environment variable at fault or, for the CDK app, the
 * key of its configuration file (for example {@code manager.timeoutSeconds}).
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String variable;
    private final String problem;

    /** {@code problem} says what is wrong in words an operator can act on, never the secret itself. */
    public ConfigException(String variable, String problem) {
        this(variable, problem, null);
    }

    /** As {@link #ConfigException(String, String)}, keeping what went wrong underneath. */
    public ConfigException(String variable, String problem, Throwable cause) {
        super(variable + ": " + problem, cause);
        this.variable = variable;
        this.problem = problem;
    }

    /** The variable (or configuration key) at fault, for example {@code GC_BROKER_URL}. */
    public String variable() {
        return variable;
    }

    /** What is wrong with it, without the variable's name. */
    public String problem() {
        return problem;
    }
}
