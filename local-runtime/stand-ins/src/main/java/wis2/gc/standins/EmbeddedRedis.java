package wis2.gc.standins;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} (the binary shipped in the embedded-redis jar) on 127.0.0.1.
 * Nothing is ever written to disk ({@code save ""}, {@code appendonly no}), so a stop loses
 * every key, like a cache node replaced in ElastiCache. {@link #stop()} and {@link #restart()}
 * keep the port, for tests that take Redis away in the middle of a batch.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final boolean ownsDir;
    private final RedisServer server;

    private EmbeddedRedis(int port, Path dir, boolean ownsDir) {
        this.port = port;
        this.dir = dir;
        this.ownsDir = ownsDir;
        try {
            Files.createDirectories(dir);
            this.server = RedisServer.newRedisServer()
                    .port(port)
                    .bind(StandIns.HOST)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("protected-mode yes")
                    .setting("dir \"" + dir.toAbsolutePath() + "\"")
                    .build();
        } catch (IOException e) {
            throw new StandInException("cannot prepare redis-server for port " + port + " in " + dir, e);
        }
    }

    /** Starts Redis on a free port, working in a temporary folder deleted at {@link #close()}. */
    public static EmbeddedRedis start() {
        return started(new EmbeddedRedis(Ports.free(), TempDirs.create("redis-"), true));
    }

    /** Starts Redis on {@code port}, working in {@code dir} (created if missing, left in place). */
    public static EmbeddedRedis start(int port, Path dir) {
        return started(new EmbeddedRedis(Ports.checked(port), dir, false));
    }

    private static EmbeddedRedis started(EmbeddedRedis redis) {
        redis.restart();
        return redis;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}, the form Lettuce's {@code RedisURI.create} takes. */
    public URI uri() {
        return URI.create("redis://" + StandIns.HOST + ":" + port);
    }

    public boolean isRunning() {
        return server.isActive();
    }

    /** Stops the server; every key is gone. Does nothing when already stopped. */
    public synchronized void stop() {
        if (!server.isActive()) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new StandInException("cannot stop redis-server on port " + port, e);
        }
    }

    /** Starts the server again on the same port, empty; stops it first when running. */
    public synchronized void restart() {
        stop();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            throw new StandInException("cannot start redis-server on " + StandIns.HOST + ":" + port, e);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (ownsDir) {
            TempDirs.deleteRecursively(dir);
        }
    }
}
