package wis2.gc.local;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import wis2.gc.config.ConfigException;

/**
 * {@code ./gc local}: runs the Global Cache in the foreground until Ctrl-C. Configuration comes
 * from the {@code GC_*} variables ({@link LocalConfig}); a bad value or a taken port stops the
 * start with one line naming the variable and the problem (exit 2); any other failure to start
 * exits 1.
 */
public final class LocalCacheMain {
    /** Exit status of a start refused for a bad {@code GC_*} value. */
    static final int BAD_CONFIGURATION = 2;
    /** Exit status of a start that failed for any other reason. */
    static final int FAILED = 1;

    private LocalCacheMain() {
    }

    /** How a start ended: the cache running, or the exit status to stop with. */
    record Started(Optional<LocalCache> cache, int status) {
    }

    public static void main(String[] args) throws InterruptedException {
        Started started = start(System.getenv(), System.out, System.err);
        if (started.cache().isEmpty()) {
            System.exit(started.status());
            return;
        }
        LocalCache cache = started.cache().get();
        Thread stopper = Thread.ofPlatform().unstarted(() -> {
            System.out.println("stopping ...");
            cache.close();
            System.out.println("stopped");
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        System.out.println(cache.readyLine());
        System.out.println("subscribe: user everyone, password everyone, topics cache/# and monitor/#; Ctrl-C stops");
        Thread.currentThread().join();
    }

    /**
     * Reads {@code env} and starts the cache. A bad value prints one line, {@code gc local:
     * VARIABLE: problem}, on {@code err} and no stack trace: the operator has nothing to debug,
     * only a value to change.
     */
    static Started start(Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            LocalConfig config = LocalConfig.fromEnvironment(env);
            out.println("starting the Global Cache " + config.centreId() + " (data in " + config.dataDir() + ")");
            return new Started(Optional.of(LocalCache.start(config)), 0);
        } catch (ConfigException e) {
            err.println("gc local: " + e.getMessage());
            return new Started(Optional.empty(), BAD_CONFIGURATION);
        } catch (RuntimeException e) {
            err.println("gc local: could not start: " + e);
            e.printStackTrace(err);
            return new Started(Optional.empty(), FAILED);
        }
    }
}
