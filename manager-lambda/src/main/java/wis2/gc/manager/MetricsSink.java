package wis2.gc.manager;

import java.util.List;
import wis2.gc.model.MetricUpdate;

/** Applies metric changes to the shared counters (Redis hashes read by the metrics endpoint). */
interface MetricsSink {
    /** @throws RedisFailureException when the counters cannot be reached */
    void apply(List<MetricUpdate> updates);
}
