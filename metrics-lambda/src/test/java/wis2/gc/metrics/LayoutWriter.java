package wis2.gc.metrics;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricsLayout;

/**
 * Writes metric updates to a real Redis through the shared layout's commands, exactly as the
 * manager's metrics sink does: {@link MetricsLayout#commands} decides every key, field and
 * operation; this only hands each command to Lettuce.
 */
final class LayoutWriter {

    private LayoutWriter() {
    }

    static void apply(RedisAsyncCommands<String, String> redis, List<MetricUpdate> updates) {
        List<RedisFuture<?>> replies = new ArrayList<>();
        for (MetricUpdate update : updates) {
            for (var c : MetricsLayout.commands(update)) {
                replies.add(switch (c.op()) {
                    case HINCRBY -> redis.hincrby(c.key(), c.field(), Long.parseLong(c.value()));
                    case HINCRBYFLOAT -> redis.hincrbyfloat(c.key(), c.field(), Double.parseDouble(c.value()));
                    case HSET -> redis.hset(c.key(), c.field(), c.value());
                });
            }
        }
        for (RedisFuture<?> reply : replies) {
            try {
                reply.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("metric write failed", e);
            }
        }
    }
}
