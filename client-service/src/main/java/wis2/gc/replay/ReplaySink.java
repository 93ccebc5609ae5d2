package wis2.gc.replay;

import java.util.List;

/** Where backfilled notifications go: the work queue, as a listener would send them. */
interface ReplaySink {

    /** Notifications ready for the queue. */
    record Entry(String topic, String body, String groupId, String deduplicationId) {}

    /**
     * Sends every entry; returns how many the queue accepted (an entry refused as invalid is
     * dropped and logged). Throws {@link ReplayException} when the queue stays unreachable, so
     * the window is fetched again later.
     */
    int send(List<Entry> entries) throws InterruptedException;
}
