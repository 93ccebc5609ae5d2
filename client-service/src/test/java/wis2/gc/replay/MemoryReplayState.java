package wis2.gc.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import wis2.gc.model.Metric;

/** {@link ReplayState} in memory, shared by the backfills of one test; can be told to fail like a Redis that is down.
 * */
final class MemoryReplayState implements ReplayState {

    private final Map<String, Mark> marks = new HashMap<>();
    private final Map<String, Instant> fetched = new HashMap<>();
    private final Map<String, String> locks = new HashMap<>();
    private final Map<String, List<Gap>> pending = new HashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private final List<Mark> writes = new ArrayList<>();
    private volatile boolean down;

    void down(boolean now) {
        down = now;
    }

    private void check() {
        if (down) {
            throw new ReplayStateException("Redis is down (test)", null);
        }
    }

    synchronized List<Mark> markWrites() {
        return List.copyOf(writes);
    }

    synchronized long counter(Metric metric, String label) {
        return counters.getOrDefault(metric.metricName() + "|" + label, 0L);
    }

    @Override
    public synchronized Optional<Mark> mark(String broker) {
        check();
        return Optional.ofNullable(marks.get(broker));
    }

    @Override
    public synchronized void saveMark(String broker, Mark mark) {
        check();
        marks.put(broker, mark);
        writes.add(mark);
    }

    @Override
    public synchronized Optional<Instant> fetchedUntil(String set, String slot) {
        check();
        return Optional.ofNullable(fetched.get(set + ":" + slot));
    }

    @Override
    public synchronized void fetched(String set, String slot, Instant until) {
        check();
        fetched.merge(set + ":" + slot, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public synchronized boolean lock(String set, String slot, String owner, Duration ttl) {
        check();
        return locks.putIfAbsent(set + ":" + slot, owner) == null;
    }

    @Override
    public synchronized void unlock(String set, String slot, String owner) {
        check();
        locks.remove(set + ":" + slot, owner);
    }

    @Override
    public synchronized void addPending(String set, Gap gap) {
        check();
        List<Gap> gaps = pending.computeIfAbsent(set, k -> new ArrayList<>());
        if (!gaps.contains(gap)) {
            gaps.add(gap);
        }
    }

    @Override
    public synchronized List<Gap> pending(String set) {
        check();
        return pending.getOrDefault(set, List.of()).stream().sorted(Comparator.comparing(Gap::end)).toList();
    }

    @Override
    public synchronized void removePending(String set, Gap gap) {
        check();
        pending.getOrDefault(set, new ArrayList<>()).remove(gap);
    }

    @Override
    public synchronized void count(Metric metric, List<String> labelValues, long amount) {
        check();
        counters.merge(metric.metricName() + "|" + labelValues.get(1), amount, Long::sum);
    }

    @Override
    public void close() {
    }
}
