package wis2.gc.manager;

import java.util.List;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricsLayout;

/**
 * {@link MetricsSink} on the Redis hashes of {@link MetricsLayout}: one hash per metric, one
 * field per label set, so the metrics endpoint reads a few hashes and never scans keys.
 * Increments are atomic ({@code HINCRBYFLOAT}), gauges are plain {@code HSET}.
 */
final class RedisMetricsSink implements MetricsSink {
    private final RedisConnection redis;

    RedisMetricsSink(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public void apply(List<MetricUpdate> updates) {
        if (updates.isEmpty()) return;
        redis.call("metrics update", r -> {
            for (MetricUpdate u : updates) {
                String key = MetricsLayout.key(u.metric());
                String field = MetricsLayout.encodeField(u.labelValues());
                switch (u.kind()) {
                    case INCREMENT -> r.hincrbyfloat(key, field, u.value());
                    case SET -> r.hset(key, field, format(u.value()));
                }
            }
            return null;
        });
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
