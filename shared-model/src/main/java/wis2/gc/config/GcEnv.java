package wis2.gc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@code GC_*} environment variables for every program of the cache (manager, listener,
 * backfill, metrics endpoint, one-machine runtime). It only parses: each reader returns empty
 * when the variable is unset or blank, so that the defaults stay written once, in the builder
 * the values are handed to, and the ranges once, in the record that the builder makes (with
 * {@link #require}, {@link #between} and {@link #atLeast}). Every problem is a
 * {@link ConfigException} naming the variable; a value shown in a message has its passwords
 * masked ({@link #found}).
 *
 * <p>Lists are comma-separated ({@code a, b,c}); maps are comma-separated {@code name=value}
 * entries ({@code gb1=mqtt://host:1883,gb2=mqtts://host:8883}), in their order, names unique.
 */
public final class GcEnv {
    private final Map<String, String> env;

    private GcEnv(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** A reader of {@code env}, for example {@code System.getenv()}. */
    public static GcEnv of(Map<String, String> env) {
        return new GcEnv(env);
    }

    /** The value without surrounding blanks; empty when unset or blank. */
    public Optional<String> optional(String variable) {
        return Optional.ofNullable(env.get(variable)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** The value, or a {@link ConfigException} "is required". */
    public String required(String variable) {
        return optional(variable).orElseThrow(() -> new ConfigException(variable, "is required"));
    }

    /** A whole number that fits an {@code int}. */
    public Optional<Integer> integer(String variable) {
        return parsed(variable, "must be a whole number", Integer::valueOf);
    }

    /** A whole number that fits a {@code long}. */
    public Optional<Long> longInteger(String variable) {
        return parsed(variable, "must be a whole number", Long::valueOf);
    }

    /** A whole number of {@code unit}s, for the variables named {@code _MS}, {@code _SECONDS}, {@code _HOURS}. */
    public Optional<Duration> duration(String variable, ChronoUnit unit) {
        return longInteger(variable).map(amount -> {
            try {
                return Duration.of(amount, unit);
            } catch (ArithmeticException e) {
                throw new ConfigException(variable, "is too large" + found(amount));
            }
        });
    }

    /** {@code true} or {@code false}, in any case. */
    public Optional<Boolean> bool(String variable) {
        return parsed(variable, "must be true or false", value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(value);
        });
    }

    /** A URI (syntax only: the record that takes it checks the scheme and host it needs). */
    public Optional<URI> uri(String variable) {
        return optional(variable).map(value -> uri(variable, value));
    }

    /** A comma-separated list, each item stripped, empty items left out. */
    public Optional<List<String>> list(String variable) {
        return optional(variable).map(GcEnv::items);
    }

    /**
     * Comma-separated {@code name=value} entries, in their order. An entry without a name or an
     * {@code =}, or a name given twice, is a {@link ConfigException}.
     */
    public Optional<Map<String, String>> map(String variable) {
        return optional(variable).map(value -> {
            Map<String, String> entries = new LinkedHashMap<>();
            for (String entry : items(value)) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException(variable, "entry '" + redact(entry) + "' is not name=value");
                }
                String name = entry.substring(0, eq).strip();
                if (entries.put(name, entry.substring(eq + 1).strip()) != null) {
                    throw new ConfigException(variable, "name " + name + " appears twice");
                }
            }
            return entries;
        });
    }

    /** {@code value} of {@code variable} as a URI; a malformed one names the position, its password masked. */
    public static URI uri(String variable, String value) {
        try {
            return new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException(variable, "is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")"
                    + found(value));
        }
    }

    /** Fails with {@code problem} for {@code variable} unless {@code ok}. */
    public static void require(String variable, boolean ok, String problem) {
        if (!ok) {
            throw new ConfigException(variable, problem);
        }
    }

    /** {@code value}, unless it lies outside {@code min..max}: "must be between min and max. Found: value". */
    public static long between(String variable, long value, long min, long max) {
        require(variable, value >= min && value <= max, "must be between " + min + " and " + max + found(value));
        return value;
    }

    /** {@code value}, unless it is below {@code min}: "must be at least min. Found: value". */
    public static long atLeast(String variable, long value, long min) {
        require(variable, value >= min, "must be at least " + min + found(value));
        return value;
    }

    /** The ". Found: value" tail of a message, with the password of any URL in it masked. */
    public static String found(Object value) {
        return ". Found: " + (value == null ? "nothing" : redact(value.toString()));
    }

    /** {@code text} with the password of every {@code scheme://user:password@} in it replaced by {@code ***}. */
    public static String redact(String text) {
        return text.replaceAll("//([^:/@\\s]*):[^@/\\s]*@", "//$1:***@");
    }

    private <T> Optional<T> parsed(String variable, String problem, Function<String, T> parser) {
        Optional<String> value = optional(variable);
        try {
            return value.map(parser);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable, problem + found(value.get()));
        }
    }

    private static List<String> items(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }
}
