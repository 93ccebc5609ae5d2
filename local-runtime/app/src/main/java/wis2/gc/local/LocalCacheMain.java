package wis2.gc.local;

/**
 * {@code ./gc local}: runs the Global Cache in the foreground until Ctrl-C. Configuration comes
 * from the {@code GC_*} variables ({@link LocalConfig}); a bad value or a taken port stops the
 * start with a message naming the variable (exit 2).
 */
public final class LocalCacheMain {
    private LocalCacheMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalConfig config;
        LocalCache cache;
        try {
            config = LocalConfig.fromEnvironment(System.getenv());
            System.out.println("starting the Global Cache " + config.centreId() + " (data in " + config.dataDir() + ")");
            cache = LocalCache.start(config);
        } catch (LocalConfigException e) {
            System.err.println("gc local: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("gc local: could not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
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
}
