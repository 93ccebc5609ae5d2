package wis2.gc.manager;

import java.util.List;
import wis2.gc.config.ConfigException;

/** MQTT topic filters ({@code +} one level, {@code #} the rest) for the operator's block-list. */
final class TopicFilter {
    /** The only list of filters the manager reads. */
    private static final String VARIABLE = "GC_TOPIC_BLOCKLIST";

    private TopicFilter() {
    }

    /** Throws {@link ConfigException} unless {@code filter} is a valid MQTT topic filter. */
    static void validate(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new ConfigException(VARIABLE, "holds an empty topic filter");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || level.equals("#");
            if (!wildcard && (level.contains("+") || level.contains("#"))) {
                throw new ConfigException(VARIABLE, "topic filter '" + filter
                        + "' mixes a wildcard with text in one level");
            }
            if (level.equals("#") && i != levels.length - 1) {
                throw new ConfigException(VARIABLE, "topic filter '" + filter + "' has '#' before its last level");
            }
        }
    }

    /** True when {@code topic} matches {@code filter}. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** The first filter of {@code filters} matching {@code topic}, or null. */
    static String firstMatch(List<String> filters, String topic) {
        for (String filter : filters) {
            if (matches(filter, topic)) {
                return filter;
            }
        }
        return null;
    }
}
