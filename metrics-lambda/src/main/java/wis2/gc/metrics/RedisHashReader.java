package wis2.gc.metrics;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the metric hashes over one Lettuce connection with one pipelined batch of HGETALL per
 * scrape. The client is built once (per Lambda container); the connection is opened on first use
 * and re-opened after a failed connect, so a Redis that is down at cold start does not break the
 * container for good.
 */
final class RedisHashReader implements HashReader, AutoCloseable {

    /** Short enough that API Gateway gets a 503 well before its own 29 s limit. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    private StatefulRedisConnection<String, String> connection;
    private boolean closed;

    RedisHashReader(String redisUrl, Optional<String> token, Duration timeout) {
        this.uri = RedisURI.create(redisUrl);
        token.ifPresent(t -> uri.setCredentialsProvider(
                RedisCredentialsProvider.from(() -> RedisCredentials.just(null, t))));
        uri.setTimeout(timeout);
        this.timeout = timeout;
        this.client = RedisClient.create();
        // fail fast while disconnected: a scrape should get its 503 now, not after a queue drains.
        // RESP2: no HELLO negotiation, whose wait on a silent server outlasts the command timeout
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .protocolVersion(ProtocolVersion.RESP2)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    @Override
    public synchronized Map<String, Map<String, String>> readAll(List<String> keys) {
        StatefulRedisConnection<String, String> conn = connection();
        var async = conn.async();
        List<RedisFuture<Map<String, String>>> replies = new ArrayList<>(keys.size());
        for (String key : keys) {
            replies.add(async.hgetall(key));
        }
        conn.flushCommands();
        boolean answered;
        try {
            answered = LettuceFutures.awaitAll(timeout, replies.toArray(RedisFuture[]::new));
        } catch (RedisException e) {
            throw new MetricsUnavailableException("Redis unreachable", e);
        }
        if (!answered) {
            throw new MetricsUnavailableException("Redis did not answer within " + timeout, null);
        }
        Map<String, Map<String, String>> hashes = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            hashes.put(keys.get(i), replies.get(i).toCompletableFuture().join());
        }
        return hashes;
    }

    private StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            try {
                connection = client.connect(uri);
            } catch (RuntimeException e) {
                throw new MetricsUnavailableException("Redis unreachable", e);
            }
            // commands of one scrape leave in one write: one round trip whatever their number
            connection.setAutoFlushCommands(false);
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
