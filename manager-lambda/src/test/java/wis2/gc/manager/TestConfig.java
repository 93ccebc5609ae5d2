package wis2.gc.manager;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Manager configurations for tests: {@link #builder()} for a test of behaviour, {@link #env()} and
 * {@link #config(String...)} for a test of how the variables are read.
 */
final class TestConfig {
    static final String CENTRE = "xx-test-global-cache";
    static final String PUBLIC_BASE_URL = "https://cache.example.org/data";

    private TestConfig() {
    }

    /** The test configuration's builder: short retry backoff and claim wait, a local broker password. */
    static ManagerConfig.Builder builder() {
        return ManagerConfig.builder()
                .centreId(CENTRE)
                .bucket("cache")
                .publicBaseUrl(PUBLIC_BASE_URL)
                .redisUrl(URI.create("redis://127.0.0.1:6379"))
                .brokerUrl("tcp://127.0.0.1:1883")
                .brokerUser("gc-publisher")
                .brokerPassword(Optional.of("secret"))
                .download(ManagerConfig.Download.builder().retryBackoff(Duration.ofMillis(10)).build())
                .claimWait(Duration.ofSeconds(2));
    }

    /** The same configuration as {@link #builder()}, as the environment variables that give it. */
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("GC_CENTRE_ID", CENTRE);
        env.put("GC_BUCKET", "cache");
        env.put("GC_PUBLIC_BASE_URL", PUBLIC_BASE_URL);
        env.put("GC_REDIS_URL", "redis://127.0.0.1:6379");
        env.put("GC_BROKER_URL", "tcp://127.0.0.1:1883");
        env.put("GC_BROKER_USER", "gc-publisher");
        env.put("GC_BROKER_PASSWORD", "secret");
        env.put("GC_DOWNLOAD_RETRY_BACKOFF_MS", "10");
        env.put("GC_CLAIM_WAIT_SECONDS", "2");
        return env;
    }

    /** The object key behind a public URL of the test configuration. */
    static String keyOf(String publicUrl) {
        if (!publicUrl.startsWith(PUBLIC_BASE_URL + "/")) {
            throw new AssertionError("not a cached copy's URL: " + publicUrl);
        }
        return java.net.URLDecoder.decode(publicUrl.substring(PUBLIC_BASE_URL.length() + 1),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The test configuration built. */
    static ManagerConfig config() {
        return builder().build();
    }

    /** The test configuration read from {@link #env()} with {@code overrides} (variable, value, ...). */
    static ManagerConfig config(String... overrides) {
        Map<String, String> env = env();
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return ManagerConfig.fromEnvironment(env);
    }
}
