package wis2.gc.local;

import java.util.List;

/** Reads values out of Prometheus/OpenMetrics text, for the demo and the tests. */
public final class MetricsText {
    private MetricsText() {
    }

    /**
     * The sum of every series of {@code metric} whose labels contain each
     * {@code label="value"} pair given (label, value, label, value, ...).
     */
    public static double sum(String text, String metric, String... labelValues) {
        double sum = 0;
        for (String line : series(text, metric, labelValues)) {
            sum += Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0]);
        }
        return sum;
    }

    /** The series lines of {@code metric} whose labels contain each pair given. */
    static List<String> series(String text, String metric, String... labelValues) {
        if (labelValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels and values come in pairs, got " + labelValues.length
                    + " strings");
        }
        return text.lines()
                .filter(l -> l.startsWith(metric + "{"))
                .filter(l -> {
                    for (int i = 0; i < labelValues.length; i += 2) {
                        if (!l.contains(labelValues[i] + "=\"" + labelValues[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }
}
