package wis2.gc.manager;

import java.time.Clock;
import java.util.UUID;
import wis2.gc.model.MonitoringEvent;

/**
 * Publishes WIS2 monitoring events (CloudEvents JSON) about a source centre on
 * {@code monitor/a/wis2/{centre-id of the source}}: refusals, download and integrity failures.
 */
final class MonitoringEvents {
    private final Publisher publisher;
    private final String cacheCentreId;
    private final Clock clock;

    MonitoringEvents(Publisher publisher, String cacheCentreId, Clock clock) {
        this.publisher = publisher;
        this.cacheCentreId = cacheCentreId;
        this.clock = clock;
    }

    /** @throws PublishException when the cache's broker does not take the event */
    void report(String sourceCentreId, String title, String description) {
        report(sourceCentreId, title, description, Deadline.NONE);
    }

    /** As {@link #report(String, String, String)}, the broker's ack awaited no later than {@code by}. */
    void report(String sourceCentreId, String title, String description, Deadline by) {
        byte[] event = MonitoringEvent.build(UUID.randomUUID(), cacheCentreId, sourceCentreId, clock.instant(),
                MonitoringEvent.Severity.ERROR, title, description);
        publisher.publish(MonitoringEvent.topic(sourceCentreId), event, by);
    }
}
