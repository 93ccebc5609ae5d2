package wis2.gc.replay;

import java.util.List;

/**
 * MQTT topic filter matching (MQTT 3.1.1, 4.7): the backfill keeps exactly what the listener's
 * subscriptions would have delivered, since some replay deployments answer nothing for
 * wildcards and the filtering is ours.
 */
final class TopicMatcher {

    private final List<String[]> filters;

    TopicMatcher(List<String> filters) {
        this.filters = filters.stream().map(filter -> filter.split("/", -1)).toList();
    }

    boolean matches(String topic) {
        String[] levels = topic.split("/", -1);
        for (String[] filter : filters) {
            if (matches(filter, levels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] filter, String[] levels) {
        for (int i = 0; i < filter.length; i++) {
            if (filter[i].equals("#")) {
                return true; // also matches the parent level itself
            }
            if (i >= levels.length) {
                return false;
            }
            if (!filter[i].equals("+") && !filter[i].equals(levels[i])) {
                return false;
            }
        }
        return filter.length == levels.length;
    }
}
