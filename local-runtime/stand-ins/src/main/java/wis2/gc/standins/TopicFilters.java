package wis2.gc.standins;

/** MQTT topic filter matching with EMQX's rules for authorization. */
final class TopicFilters {

    private TopicFilters() {
    }

    /**
     * Whether {@code topic} (a topic name, or for a subscription a filter itself) falls under
     * {@code filter}: levels equal, {@code +} in the filter takes any one level, {@code #} the
     * rest, none at all included. Wildcards in {@code topic} are only covered by wildcards in
     * {@code filter}; topics starting with {@code $} never match a leading wildcard.
     */
    static boolean matches(String topic, String filter) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] names = topic.split("/", -1);
        String[] filters = filter.split("/", -1);
        int i = 0;
        for (; i < filters.length; i++) {
            if (filters[i].equals("#")) {
                return true;
            }
            if (i == names.length) {
                return false;
            }
            if (!filters[i].equals("+") && !filters[i].equals(names[i])) {
                return false;
            }
        }
        return i == names.length;
    }

    /** {@code $share/group/t} and {@code $queue/t} subscriptions are authorized as {@code t}. */
    static String withoutSharePrefix(String filter) {
        if (filter.startsWith("$queue/")) {
            return filter.substring("$queue/".length());
        }
        if (filter.startsWith("$share/")) {
            int end = filter.indexOf('/', "$share/".length());
            return end < 0 ? filter : filter.substring(end + 1);
        }
        return filter;
    }

    /** Non-empty, {@code #} only as a whole last level, {@code +} only as a whole level. */
    static boolean isValidFilter(String filter) {
        if (filter.isEmpty()) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }
}
