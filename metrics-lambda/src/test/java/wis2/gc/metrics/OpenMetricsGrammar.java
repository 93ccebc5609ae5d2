package wis2.gc.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict checker of OpenMetrics 1.0 text (the ABNF of the specification plus its family rules:
 * descriptors before samples, one TYPE per family, families not interleaved, sample names that
 * fit the type, cumulative buckets ending in +Inf equal to _count, no duplicate series, # EOF last).
 * Returns the parsed samples so tests can assert values.
 */
final class OpenMetricsGrammar {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
    private static final String ESCAPED = "(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*";
    private static final String NUMBER =
            "(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|[+-]?(?:Inf|inf)|NaN|nan)";
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME
            + ") (counter|gauge|histogram|gaugehistogram|stateset|info|summary|unknown)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (" + ESCAPED + ")");
    private static final Pattern UNIT = Pattern.compile("# UNIT (" + NAME + ") ([a-zA-Z0-9_:]*)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{(?:" + LABEL_NAME + "=\"" + ESCAPED + "\"(?:," + LABEL_NAME + "=\"" + ESCAPED
            + "\")*)?\\})? (" + NUMBER + ")(?: (" + NUMBER + "))?");
    private static final Pattern LABEL = Pattern.compile("(" + LABEL_NAME + ")=\"(" + ESCAPED + ")\"");

    /** One parsed sample line. */
    record Sample(String family, String name, Map<String, String> labels, double value) {
    }

    private OpenMetricsGrammar() {
    }

    static List<Sample> check(String text) {
        if (!text.endsWith("# EOF\n") && !text.endsWith("# EOF")) {
            throw new AssertionError("does not end with # EOF");
        }
        String[] lines = text.split("\n", -1);
        int last = text.endsWith("\n") ? lines.length - 2 : lines.length - 1;
        List<Sample> samples = new ArrayList<>();
        Set<String> closedFamilies = new HashSet<>();
        Set<String> seriesSeen = new HashSet<>();
        String family = null;
        String type = null;
        boolean familyHasSamples = false;
        Map<String, List<double[]>> buckets = new LinkedHashMap<>();
        Map<String, Double> counts = new LinkedHashMap<>();
        for (int i = 0; i < last; i++) {
            String line = lines[i];
            int n = i + 1;
            Matcher m;
            if ((m = TYPE.matcher(line)).matches() || (m = HELP.matcher(line)).matches() || (m = UNIT.matcher(line))
                    .matches()) {
                String name = m.group(1);
                if (!name.equals(family)) {
                    if (family != null) {
                        closeHistograms(buckets, counts);
                        closedFamilies.add(family);
                    }
                    if (closedFamilies.contains(name)) {
                        fail(n, "family " + name + " interleaved with another");
                    }
                    family = name;
                    type = null;
                    familyHasSamples = false;
                } else if (familyHasSamples) {
                    fail(n, "descriptor after samples of " + name);
                }
                if (line.startsWith("# TYPE")) {
                    if (type != null) {
                        fail(n, "second TYPE for " + name);
                    }
                    type = m.group(2);
                }
                continue;
            }
            if (line.startsWith("#")) {
                fail(n, "comment that is not a descriptor: " + line);
            }
            if (!(m = SAMPLE.matcher(line)).matches()) {
                fail(n, "not a sample: " + line);
            }
            if (family == null || type == null) {
                fail(n, "sample without TYPE");
            }
            String name = m.group(1);
            String suffix = suffix(family, name, type, n);
            Map<String, String> labels = labels(m.group(2));
            double value = parse(m.group(3));
            String series = name + labels;
            if (!seriesSeen.add(series)) {
                fail(n, "duplicate series " + series);
            }
            if (type.equals("counter") && suffix.equals("_total") && (value < 0 || Double.isNaN(value))) {
                fail(n, "counter value must be a non-negative number");
            }
            if (type.equals("histogram")) {
                var withoutLe = new LinkedHashMap<>(labels);
                String le = withoutLe.remove("le");
                String key = withoutLe.toString();
                switch (suffix) {
                    case "_bucket" -> {
                        if (le == null) {
                            fail(n, "bucket without le");
                        }
                        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {parse(le), value});
                    }
                    case "_count" -> counts.put(key, value);
                    default -> { }
                }
            }
            familyHasSamples = true;
            samples.add(new Sample(family, name, labels, value));
        }
        closeHistograms(buckets, counts);
        return samples;
    }

    private static String suffix(String family, String name, String type, int n) {
        List<String> allowed = switch (type) {
            case "counter" -> List.of("_total", "_created");
            case "histogram" -> List.of("_bucket", "_count", "_sum", "_created");
            default -> List.of("");
        };
        for (String s : allowed) {
            if (name.equals(family + s)) {
                return s;
            }
        }
        throw fail(n, "sample " + name + " does not belong to " + type + " family " + family);
    }

    private static void closeHistograms(Map<String, List<double[]>> buckets, Map<String, Double> counts) {
        buckets.forEach((series, list) -> {
            double previousLe = Double.NEGATIVE_INFINITY;
            double previousCount = 0;
            for (double[] b : list) {
                if (b[0] <= previousLe || b[1] < previousCount) {
                    throw new AssertionError("buckets of " + series + " not increasing/cumulative");
                }
                previousLe = b[0];
                previousCount = b[1];
            }
            if (previousLe != Double.POSITIVE_INFINITY) {
                throw new AssertionError("buckets of " + series + " lack le=\"+Inf\"");
            }
            if (!Double.valueOf(previousCount).equals(counts.get(series))) {
                throw new AssertionError("+Inf bucket of " + series + " differs from _count");
            }
        });
        buckets.clear();
        counts.clear();
    }

    private static Map<String, String> labels(String group) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (group != null) {
            Matcher m = LABEL.matcher(group);
            while (m.find()) {
                if (labels.put(m.group(1), unescape(m.group(2))) != null) {
                    throw new AssertionError("label " + m.group(1) + " twice in " + group);
                }
            }
        }
        return labels;
    }

    /** The value of the one sample named {@code name} with exactly {@code labels}. */
    static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples " + name + labels);
        }
        return matching.getFirst().value();
    }

    static String unescape(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static double parse(String number) {
        return switch (number) {
            case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(number);
        };
    }

    private static AssertionError fail(int line, String message) {
        throw new AssertionError("line " + line + ": " + message);
    }
}
