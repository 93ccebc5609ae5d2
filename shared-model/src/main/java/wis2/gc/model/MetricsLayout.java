package wis2.gc.model;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * How metrics live in Redis, shared by the manager (writes) and the metrics Lambda (reads).
 * One hash per metric, key {@code gc:metric:{name}}: a fixed number of keys whatever the number
 * of centres, so rendering is one {@code HGETALL} per metric and never a {@code SCAN}. A field
 * is one series: its label values, each percent-encoded (UTF-8; everything but
 * {@code [A-Za-z0-9._~:/-]} becomes {@code %XX}), joined by {@code |}. Counters change by
 * {@code HINCRBY} (or {@code HINCRBYFLOAT} for fractions), gauges by {@code HSET}.
 *
 * <p>A histogram is one hash too, with three kinds of field per series:
 * {@code {labels}|le={bound}} holding the count of observations that fell in that bucket and no
 * lower one (not cumulative: one write per observation; the renderer accumulates),
 * {@code {labels}|_sum} and {@code {labels}|_count}. The suffixes cannot be mistaken for label
 * values because {@code =} is always encoded and the number of labels is fixed per metric.
 */
public final class MetricsLayout {

    /** Upper bounds of the delay histogram in seconds; the last bucket is {@code +Inf}. */
    public static final List<Double> DELAY_BUCKETS = List.of(
            0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, Double.POSITIVE_INFINITY);

    static final String SUM = "_sum";
    static final String COUNT = "_count";
    private static final String LE = "le=";

    private MetricsLayout() {
    }

    /** The Redis key of the hash holding every series of {@code metric}. */
    public static String key(Metric metric) {
        return "gc:metric:" + metric.metricName();
    }

    /** The hash field of one series; reversible by {@link #decodeField}. */
    public static String encodeField(List<String> labelValues) {
        if (labelValues.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one label value");
        }
        var sb = new StringBuilder();
        for (int i = 0; i < labelValues.size(); i++) {
            String v = labelValues.get(i);
            if (i > 0) {
                sb.append('|');
            }
            for (byte b : Objects.requireNonNull(v, "label value").getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (isKept(c)) {
                    sb.append(c);
                } else {
                    sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
                }
            }
        }
        return sb.toString();
    }

    /** The label values of a field written by {@link #encodeField}. */
    public static List<String> decodeField(String field) {
        var values = new ArrayList<String>();
        for (String part : field.split("\\|", -1)) {
            var bytes = new ByteArrayOutputStream();
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == '%') {
                    if (i + 2 >= part.length()) {
                        throw new IllegalArgumentException("truncated escape in metric field '" + field + "'");
                    }
                    bytes.write(HexFormat.fromHexDigits(part, i + 1, i + 3));
                    i += 2;
                } else {
                    bytes.write(c);
                }
            }
            values.add(bytes.toString(StandardCharsets.UTF_8));
        }
        return List.copyOf(values);
    }

    /** One field of a histogram hash, decoded. {@code le} is the bucket bound, NaN for sum and count. */
    public record HistogramField(List<String> labelValues, Part part, double le) {
        /** Which of the three kinds of histogram field. */
        public enum Part {
            BUCKET, SUM, COUNT
        }
    }

    /** Decodes a field of a histogram hash of {@code metric}. */
    public static HistogramField decodeHistogramField(Metric metric, String field) {
        int cut = field.lastIndexOf('|');
        if (metric.type() != Metric.Type.HISTOGRAM || cut < 0) {
            throw new IllegalArgumentException("'" + field + "' is not a histogram field of " + metric.metricName());
        }
        List<String> labels = decodeField(field.substring(0, cut));
        String suffix = field.substring(cut + 1);
        if (labels.size() != metric.labelNames().size()) {
            throw new IllegalArgumentException("'" + field + "' does not have the labels " + metric.labelNames());
        }
        return switch (suffix) {
            case SUM -> new HistogramField(labels, HistogramField.Part.SUM, Double.NaN);
            case COUNT -> new HistogramField(labels, HistogramField.Part.COUNT, Double.NaN);
            default -> {
                if (!suffix.startsWith(LE)) {
                    throw new IllegalArgumentException("'" + field + "' has no bucket, sum or count suffix");
                }
                yield new HistogramField(labels, HistogramField.Part.BUCKET, parseBound(suffix.substring(LE.length())));
            }
        };
    }

    /** The text of a bucket bound as written in fields and in OpenMetrics {@code le}: {@code 0.5}, {@code 1}, {@code
     * +Inf}. */
    public static String formatBound(double bound) {
        if (bound == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    private static double parseBound(String text) {
        return text.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(text);
    }

    /** A Redis hash command: {@code op key field value}. */
    public record HashCommand(Op op, String key, String field, String value) {
        /** The Redis command. */
        public enum Op {
            HINCRBY, HINCRBYFLOAT, HSET
        }
    }

    /** The hash commands that apply {@code update}. */
    public static List<HashCommand> commands(MetricUpdate update) {
        String key = key(update.metric());
        String field = encodeField(update.labelValues());
        double v = update.value();
        return switch (update.kind()) {
            case INCREMENT -> List.of(increment(key, field, v));
            case SET -> List.of(new HashCommand(HashCommand.Op.HSET, key, field, number(v)));
            case OBSERVE -> List.of(
                    new HashCommand(HashCommand.Op.HINCRBY, key, field + "|" + LE + formatBound(bucketFor(v)), "1"),
                    new HashCommand(HashCommand.Op.HINCRBYFLOAT, key, field + "|" + SUM, number(v)),
                    new HashCommand(HashCommand.Op.HINCRBY, key, field + "|" + COUNT, "1"));
        };
    }

    /** The smallest bucket bound that holds {@code value}. */
    static double bucketFor(double value) {
        for (double bound : DELAY_BUCKETS) {
            if (value <= bound) {
                return bound;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static HashCommand increment(String key, String field, double v) {
        boolean whole = v == Math.rint(v) && Math.abs(v) < 1e15;
        return whole
                ? new HashCommand(HashCommand.Op.HINCRBY, key, field, Long.toString((long) v))
                : new HashCommand(HashCommand.Op.HINCRBYFLOAT, key, field, number(v));
    }

    private static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static boolean isKept(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '~' || c == ':' || c == '/' || c == '-';
    }
}
