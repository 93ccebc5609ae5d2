package wis2.gc.manager;

import java.time.Clock;
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
    void report(String sourceCentreId, String title) {
        byte[] event = MonitoringEvent.build(cacheCentreId, sourceCentreId, clock.instant(), title);
        publisher.publish(MonitoringEvent.topic(sourceCentreId), event);
    }
}
