package wis2.gc.listener;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * Reading {@code GC_*} environment variables, shared by the listener's and the backfill's
 * configuration: every problem is an {@link InvalidConfigException} that names the variable.
 */
public final class EnvValues {
    private EnvValues() {
    }

    /** Fails with {@code problem} for {@code variable} unless {@code ok}. */
    public static void require(String variable, boolean ok, String problem) {
        if (!ok) {
            throw new InvalidConfigException(variable, problem);
        }
    }

    /** The variable's value without surrounding blanks; empty when unset or blank. */
    public static Optional<String> optional(Map<String, String> env, String variable) {
        return Optional.ofNullable(env.get(variable)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** The variable as an integer, or {@code fallback} when unset. */
    public static int integer(Map<String, String> env, String variable, int fallback) {
        Optional<String> value = optional(env, variable);
        try {
            return value.isEmpty() ? fallback : Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(variable, "'" + value.get() + "' is not an integer");
        }
    }

    /** {@code value} as a URI; a bad one names the position, never echoes the value (it may hold a password). */
    public static URI uri(String variable, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(variable, "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }
}
