package wis2.gc.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * The one log line format of the programs: one JSON object per line, so CloudWatch Logs reads
 * each field (Logs Insights queries, metric filters such as the manager's
 * {@code $.outcome = "own_network_fault"}). The fields are {@code time}, {@code level},
 * {@code logger} and {@code message}, then each key-value of the event under its own name
 * (numbers and booleans as JSON numbers and booleans, null as null), then {@code error} and
 * {@code stack} when a throwable came with it. A key-value named like one of those fields is
 * written with a leading {@code _} so no line ever holds a name twice.
 */
public final class JsonLayout {

    private static final Set<String> FIXED = Set.of("time", "level", "logger", "message", "error", "stack");

    private JsonLayout() {
    }

    /** The line (without its line end) of one event; {@code error} may be null. */
    public static String format(Instant time, String level, String logger, String message,
                                List<KeyValuePair> keyValues, Throwable error) {
        return format(time, level, logger, message, keyValues,
                error == null ? null : error.toString(), error == null ? null : stackOf(error));
    }

    /**
     * The line (without its line end) of one event whose throwable is already text (logback's
     * events carry a proxy of it); {@code error} and {@code stack} may be null.
     */
    public static String format(Instant time, String level, String logger, String message,
                                List<KeyValuePair> keyValues, String error, String stack) {
        StringBuilder line = new StringBuilder(128);
        line.append('{');
        field(line, "time", time.toString());
        line.append(',');
        field(line, "level", level);
        line.append(',');
        field(line, "logger", logger);
        line.append(',');
        field(line, "message", message);
        if (keyValues != null) {
            Set<String> seen = new HashSet<>();
            for (KeyValuePair kv : keyValues) {
                String key = kv.key == null ? "null" : kv.key;
                while (FIXED.contains(key) || !seen.add(key)) {
                    key = "_" + key;
                }
                line.append(',');
                string(line, key);
                line.append(':');
                value(line, kv.value);
            }
        }
        if (error != null) {
            line.append(',');
            field(line, "error", error);
        }
        if (stack != null) {
            line.append(',');
            field(line, "stack", stack);
        }
        return line.append('}').toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        string(line, name);
        line.append(':');
        if (value == null) {
            line.append("null");
        } else {
            string(line, value);
        }
    }

    private static void value(StringBuilder line, Object value) {
        if (value == null) {
            line.append("null");
        } else if (value instanceof Boolean
                || value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            line.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // JSON has no NaN or Infinity: those are written as strings
            if (Double.isFinite(d)) {
                line.append(value);
            } else {
                string(line, value.toString());
            }
        } else {
            string(line, value.toString());
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped, so a line stays one line. */
    private static void string(StringBuilder line, String s) {
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }

    private static String stackOf(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
