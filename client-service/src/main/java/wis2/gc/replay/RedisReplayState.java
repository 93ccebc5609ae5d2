package wis2.gc.replay;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricsLayout;

/**
 * {@link ReplayState} in the cache's Redis. Keys (none scanned, each named by what it holds):
 * <ul>
 *   <li>{@code gc:feed:{broker}}: hash {@code forwarded}, {@code alive} (epoch milliseconds);</li>
 * <li>{@code gc:replay:fetched:{set}:{slot}}: epoch milliseconds, kept as long as the service keeps notifications;</li>
 *   <li>{@code gc:replay:lock:{set}:{slot}}: the owner, with a TTL;</li>
 *   <li>{@code gc:replay:pending:{set}}: sorted set of gaps ({@code start-end}) by end;</li>
 *   <li>the counters in the metric hashes of {@link MetricsLayout}.</li>
 * </ul>
 * A Redis failure is a {@link ReplayStateException}; the connection is dropped and reopened on
 * the next call.
 */
final class RedisReplayState implements ReplayState {

    /** The Global Replay service keeps notifications at least 3 days; the record of a window, a day more. */
    static final Duration FETCHED_TTL = Duration.ofDays(4);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final String RAISE = "local c = tonumber(redis.call('GET', KEYS[1]) or '0') "
            + "if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end return 1";
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) end return 0";

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    RedisReplayState(URI url, Optional<String> token) {
        RedisURI uri = RedisURI.create(url);
        // an ElastiCache AUTH token is the password of the default user
        token.ifPresent(t -> uri.setCredentialsProvider(
                RedisCredentialsProvider.from(() -> RedisCredentials.just(null, t))));
        uri.setTimeout(COMMAND_TIMEOUT);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
    }

    static String feedKey(String broker) {
        return "gc:feed:{" + broker + "}";
    }

    @Override
    public Optional<Mark> mark(String broker) {
        Map<String, String> fields = call("read the feed mark of " + broker, redis -> redis.hgetall(feedKey(broker)));
        if (fields.get("forwarded") == null) {
            return Optional.empty();
        }
        Instant forwarded = Instant.ofEpochMilli(Long.parseLong(fields.get("forwarded")));
        String alive = fields.get("alive");
        return Optional.of(new Mark(forwarded, alive == null ? forwarded
                : Instant.ofEpochMilli(Long.parseLong(alive))));
    }

    @Override
    public void saveMark(String broker, Mark mark) {
        call("write the feed mark of " + broker, redis -> redis.hset(feedKey(broker), Map.of(
                "forwarded", Long.toString(mark.forwarded().toEpochMilli()),
                "alive", Long.toString(mark.alive().toEpochMilli()))));
    }

    @Override
    public Optional<Instant> fetchedUntil(String set, String slot) {
        String value = call("read window " + slot, redis -> redis.get("gc:replay:fetched:" + set + ":" + slot));
        return Optional.ofNullable(value).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
    }

    @Override
    public void fetched(String set, String slot, Instant until) {
        call("record window " + slot, redis -> redis.<Long>eval(RAISE, ScriptOutputType.INTEGER,
                new String[] {"gc:replay:fetched:" + set + ":" + slot},
                Long.toString(until.toEpochMilli()), Long.toString(FETCHED_TTL.toMillis())));
    }

    @Override
    public boolean lock(String set, String slot, String owner, Duration ttl) {
        return "OK".equals(call("lock window " + slot, redis -> redis.set("gc:replay:lock:" + set + ":" + slot, owner,
                SetArgs.Builder.nx().px(ttl.toMillis()))));
    }

    @Override
    public void unlock(String set, String slot, String owner) {
        call("unlock window " + slot, redis -> redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER,
                new String[] {"gc:replay:lock:" + set + ":" + slot}, owner));
    }

    @Override
    public void addPending(String set, Gap gap) {
        call("record a gap", redis -> redis.zadd("gc:replay:pending:" + set, gap.end().toEpochMilli(), gap.encode()));
    }

    @Override
    public List<Gap> pending(String set) {
        List<String> members = call("read the gaps", redis -> redis.zrange("gc:replay:pending:" + set, 0, -1));
        List<Gap> gaps = new ArrayList<>(members.size());
        for (String member : members) {
            gaps.add(Gap.decode(member));
        }
        return gaps;
    }

    @Override
    public void removePending(String set, Gap gap) {
        call("forget a gap", redis -> redis.zrem("gc:replay:pending:" + set, gap.encode()));
    }

    @Override
    public void count(Metric metric, List<String> labelValues, long amount) {
        if (amount == 0) {
            return;
        }
        for (MetricsLayout.HashCommand command : MetricsLayout.commands(
                new MetricUpdate(metric, labelValues, MetricUpdate.Kind.INCREMENT, amount))) {
            call("count " + metric.metricName(), redis -> redis.hincrby(command.key(), command.field(),
                    Long.parseLong(command.value())));
        }
    }

    private <T> T call(String what, Function<RedisCommands<String, String>, T> work) {
        StatefulRedisConnection<String, String> c = null;
        try {
            c = connection();
            return work.apply(c.sync());
        } catch (RedisException e) {
            if (c != null) {
                drop(c);
            }
            throw new ReplayStateException("Redis failed to " + what + ": " + e.getMessage(), e);
        }
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null || !connection.isOpen()) {
            connection = client.connect();
        }
        return connection;
    }

    private synchronized void drop(StatefulRedisConnection<String, String> failed) {
        if (connection == failed) {
            failed.closeAsync();
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
