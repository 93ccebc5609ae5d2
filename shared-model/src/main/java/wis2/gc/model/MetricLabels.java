package wis2.gc.model;

/** The {@code centre_id} label rule. */
public final class MetricLabels {

    private MetricLabels() {
    }

    /**
     * Topic level 4, or the incoming {@code properties.global-cache} when the item came from
     * another cache (received on the {@code cache} channel). {@code n} may be null (a message
     * that did not parse), then the topic decides.
     */
    public static String centreId(Topic topic, Notification n) {
        if (topic.channel() == Topic.Channel.CACHE && n != null && n.globalCache().isPresent()) {
            return n.globalCache().get();
        }
        return topic.centreId();
    }
}
