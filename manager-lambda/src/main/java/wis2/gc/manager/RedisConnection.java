package wis2.gc.manager;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One Lettuce connection shared by the claim store and the metrics sink, opened on first use.
 * Commands are rejected at once while the connection is down (no queueing behind a dead
 * server), and a failed command drops the connection (after a timeout its state is unknown) so the next use opens a
 * fresh one; this
 * also covers a SnapStart restore, where the socket of the snapshot is gone.
 *
 * <p>The AUTH token is taken from the {@link SecretSource} at each connect. When Redis refuses
 * it ({@code NOAUTH}, {@code WRONGPASS}: the token was rotated), the secrets are read again and
 * the call is tried once more with the new token; a refusal of that one is a fault.
 */
final class RedisConnection implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private final SecretSource secrets;
    private StatefulRedisConnection<String, String> connection;

    /** A connection whose token never changes (or that has none). */
    RedisConnection(URI url, Optional<String> token) {
        this(url, SecretSource.fixed(new ManagerSecrets("unused", token)));
    }

    RedisConnection(URI url, SecretSource secrets) {
        this.secrets = secrets;
        RedisURI uri = RedisURI.create(url);
        // an ElastiCache AUTH token is a password for the default user; read anew at each connect
        if (secrets.current().redisToken().isPresent()) {
            uri.setCredentialsProvider(RedisCredentialsProvider.from(
                    () -> RedisCredentials.just(null, secrets.current().redisToken().orElse(null))));
        }
        uri.setTimeout(COMMAND_TIMEOUT);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
    }

    /** Runs {@code work} on the connection; any Redis failure becomes a {@link RedisFailureException}. */
    <T> T call(String what, Function<RedisCommands<String, String>, T> work) {
        ManagerSecrets used = secrets.current();
        try {
            return attempt(what, work);
        } catch (RedisFailureException e) {
            // a refused token ran no command, so trying again cannot do anything twice
            if (!authRefused(e) || !secrets.refresh(used)) {
                throw e;
            }
            return attempt(what, work);
        }
    }

    /**
     * Sends the commands {@code work} issues on the asynchronous API one after the other without
     * waiting, then waits for every answer (one round trip for all, instead of one each); a
     * failure or a missing answer of any becomes a {@link RedisFailureException}, as in {@link #call}.
     */
    void pipelined(String what, Function<RedisAsyncCommands<String, String>, List<RedisFuture<?>>> work) {
        ManagerSecrets used = secrets.current();
        try {
            attemptPipelined(what, work);
        } catch (RedisFailureException e) {
            // a refused token ran no command, so trying again cannot do anything twice
            if (!authRefused(e) || !secrets.refresh(used)) {
                throw e;
            }
            attemptPipelined(what, work);
        }
    }

    private void attemptPipelined(String what,
            Function<RedisAsyncCommands<String, String>, List<RedisFuture<?>>> work) {
        StatefulRedisConnection<String, String> c = null;
        try {
            c = connection();
            long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
            for (RedisFuture<?> f : work.apply(c.async())) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (RedisException e) {
            if (c != null) {
                drop(c);
            }
            throw new RedisFailureException("Redis failed during " + what + ": " + e.getMessage(), e);
        } catch (ExecutionException | TimeoutException e) {
            if (c != null) {
                drop(c);
            }
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new RedisFailureException("Redis failed during " + what + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisFailureException("interrupted during " + what, e);
        }
    }

    /** True when Redis refused the credentials (not when it failed otherwise), however deep the cause. */
    static boolean authRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS")
                    || m.startsWith("ERR invalid password"))) {
                return true;
            }
        }
        return false;
    }

    private <T> T attempt(String what, Function<RedisCommands<String, String>, T> work) {
        StatefulRedisConnection<String, String> c = null;
        try {
            c = connection();
            return work.apply(c.sync());
        } catch (RedisException e) {
            if (c != null) {
                drop(c);
            }
            throw new RedisFailureException("Redis failed during " + what + ": " + e.getMessage(), e);
        }
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null || !connection.isOpen()) {
            if (connection != null) {
                connection.closeAsync(); // stops its own reconnecting with what may be an old token
            }
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

    /** Closes the connection but not the client (before a SnapStart snapshot); the next use opens a fresh one. */
    synchronized void disconnect() {
        if (connection != null) {
            connection.close();
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

    /** A Lua script run by its digest, sent again when the server lost its script cache (restart). */
    record Script(String source, String sha) {
        static Script of(String source) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(source, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
            try {
                return redis.evalsha(sha, type, keys, args);
            } catch (RedisNoScriptException e) {
                return redis.eval(source, type, keys, args);
            }
        }
    }
}
