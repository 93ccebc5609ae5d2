package wis2.gc.manager;

import io.lettuce.core.RedisFuture;
import java.util.ArrayList;
import java.util.List;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricsLayout;

/**
 * {@link MetricsSink} on the Redis hashes of {@link MetricsLayout}: one hash per metric, one
 * field per label set, so the metrics endpoint reads a few hashes and never scans keys.
 * Each command is atomic on its own; the commands are the layout's, so writer and reader agree.
 */
final class RedisMetricsSink implements MetricsSink {
    private final RedisConnection redis;

    RedisMetricsSink(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public void apply(List<MetricUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        // the commands of a record go out together: one round trip rather than one per command
        redis.pipelined("metrics update", r -> {
            List<RedisFuture<?>> sent = new ArrayList<>();
            for (MetricUpdate u : updates) {
                for (MetricsLayout.HashCommand c : MetricsLayout.commands(u)) {
                    sent.add(switch (c.op()) {
                        case HINCRBY -> r.hincrby(c.key(), c.field(), Long.parseLong(c.value()));
                        case HINCRBYFLOAT -> r.hincrbyfloat(c.key(), c.field(), Double.parseDouble(c.value()));
                        case HSET -> r.hset(c.key(), c.field(), c.value());
                    });
                }
            }
            return sent;
        });
    }
}
