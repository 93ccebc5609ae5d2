package wis2.gc.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of {@code ./gc local}, read once from exactly the {@code GC_*} variables of
 * the README (external test tools rely on these names). A port of 0 means "any free port",
 * which the tests use.
 *
 * @param globalBrokers the Global Brokers to listen to; empty means "start one embedded
 *     anonymous Global Broker on {@code gbPort}"
 * @param publicBaseUrl empty means {@code http://127.0.0.1:{actual HTTP port}/data}
 * @param managerTimeout the manager's invocation timeout ({@code GC_MANAGER_TIMEOUT}, seconds, as
 *     the CDK app's {@code manager.timeoutSeconds}); the queue's visibility timeout is 6 times it
 * @param addIntegrity {@code GC_ADD_INTEGRITY}: whether the manager adds an integrity value to a
 *     republished message that has none
 * @param maxObjectBytes {@code GC_MAX_OBJECT_BYTES}; empty leaves the manager's default
 * @param tmpCapacityBytes {@code GC_TMP_CAPACITY_BYTES}, what the manager's spill files in
 *     {@code GC_DATA_DIR/tmp} may hold together; empty leaves the manager's default
 * @param globalReplayUrl the Global Replay service the listeners backfill gaps from; empty: no backfill
 */
public record LocalConfig(
        String centreId,
        List<GlobalBroker> globalBrokers,
        int gbPort,
        int mqttPort,
        int mqttsPort,
        int httpPort,
        Optional<String> publicBaseUrl,
        Path dataDir,
        Optional<URI> redisUrl,
        boolean allowPrivateSources,
        Duration managerTimeout,
        boolean addIntegrity,
        Optional<Long> maxObjectBytes,
        Optional<Long> tmpCapacityBytes,
        Optional<URI> globalReplayUrl) {

    /** The dev deployment's manager timeout. */
    static final Duration DEFAULT_MANAGER_TIMEOUT = Duration.ofSeconds(60);

    /** One {@code name=url} entry of {@code GC_GLOBAL_BROKERS}. */
    public record GlobalBroker(String name, URI url) {
        public GlobalBroker {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new LocalConfigException("GC_GLOBAL_BROKERS", "broker name '" + name
                        + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            String scheme = url.getScheme();
            if (!Set.of("mqtt", "mqtts", "tcp", "ssl").contains(scheme) || url.getHost() == null || url.getPort() < 0) {
                throw new LocalConfigException("GC_GLOBAL_BROKERS", "broker " + name
                        + " needs a URL like mqtt://user:pass@host:port or mqtts://host:port");
            }
        }
    }

    public LocalConfig {
        if (centreId == null || !centreId.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            throw new LocalConfigException("GC_CENTRE_ID", "'" + centreId + "' is not a centre-id (lower-case letters, digits, '-')");
        }
        globalBrokers = List.copyOf(globalBrokers);
        Set<String> names = new LinkedHashSet<>();
        for (GlobalBroker b : globalBrokers) {
            if (!names.add(b.name())) {
                throw new LocalConfigException("GC_GLOBAL_BROKERS", "broker name " + b.name() + " appears twice");
            }
        }
        checkPort("GC_GB_PORT", gbPort);
        checkPort("GC_MQTT_PORT", mqttPort);
        checkPort("GC_MQTTS_PORT", mqttsPort);
        checkPort("GC_HTTP_PORT", httpPort);
        publicBaseUrl = publicBaseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        publicBaseUrl.ifPresent(u -> {
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                throw new LocalConfigException("GC_PUBLIC_BASE_URL", "'" + u + "' must start with http:// or https://");
            }
        });
        // below 10 s the manager could start no record: it keeps 2 s in reserve and needs 5 s to connect
        if (managerTimeout == null || managerTimeout.toSeconds() < 10 || managerTimeout.toSeconds() > 900) {
            throw new LocalConfigException("GC_MANAGER_TIMEOUT", "must be 10 to 900 seconds (a Lambda timeout the manager"
                    + " can start a record in). Found: " + (managerTimeout == null ? null : managerTimeout.toSeconds()));
        }
        maxObjectBytes.ifPresent(b -> checkPositive("GC_MAX_OBJECT_BYTES", b));
        tmpCapacityBytes.ifPresent(b -> checkPositive("GC_TMP_CAPACITY_BYTES", b));
        redisUrl.ifPresent(u -> {
            if (!"redis".equals(u.getScheme()) && !"rediss".equals(u.getScheme())) {
                throw new LocalConfigException("GC_REDIS_URL", "'" + u + "' must be a redis:// or rediss:// URL");
            }
        });
        globalReplayUrl.ifPresent(u -> {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new LocalConfigException("GC_GLOBAL_REPLAY_URL", "must be an http(s) URL. Found: " + u);
            }
        });
    }

    private static void checkPositive(String variable, long bytes) {
        if (bytes <= 0) {
            throw new LocalConfigException(variable, bytes + " is not a positive number of bytes");
        }
    }

    private static void checkPort(String variable, int port) {
        if (port < 0 || port > 65535) {
            throw new LocalConfigException(variable, port + " is not a TCP port");
        }
    }

    /** Reads the variables (missing ones take the defaults of the README). */
    public static LocalConfig fromEnvironment(Map<String, String> env) {
        return new LocalConfig(
                env.getOrDefault("GC_CENTRE_ID", "xx-local-global-cache"),
                parseBrokers(env.get("GC_GLOBAL_BROKERS")),
                port(env, "GC_GB_PORT", 1884),
                port(env, "GC_MQTT_PORT", 1883),
                port(env, "GC_MQTTS_PORT", 8883),
                port(env, "GC_HTTP_PORT", 8080),
                Optional.ofNullable(blankToNull(env.get("GC_PUBLIC_BASE_URL"))),
                Path.of(env.getOrDefault("GC_DATA_DIR", "./.gc-local")).toAbsolutePath().normalize(),
                Optional.ofNullable(blankToNull(env.get("GC_REDIS_URL"))).map(u -> uri("GC_REDIS_URL", u)),
                bool(env, "GC_ALLOW_PRIVATE_SOURCES", true),
                seconds(env, "GC_MANAGER_TIMEOUT", DEFAULT_MANAGER_TIMEOUT),
                bool(env, "GC_ADD_INTEGRITY", true),
                bytes(env, "GC_MAX_OBJECT_BYTES"),
                bytes(env, "GC_TMP_CAPACITY_BYTES"),
                Optional.ofNullable(blankToNull(env.get("GC_GLOBAL_REPLAY_URL"))).map(u -> uri("GC_GLOBAL_REPLAY_URL", u)));
    }

    private static Duration seconds(Map<String, String> env, String variable, Duration fallback) {
        String v = blankToNull(env.get(variable));
        if (v == null) {
            return fallback;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw new LocalConfigException(variable, "'" + v + "' is not a whole number of seconds");
        }
    }

    /** The same configuration with every listening port set to 0 (any free port), for tests and the bench. */
    public LocalConfig withFreePorts() {
        return new LocalConfig(centreId, globalBrokers, 0, 0, 0, 0, publicBaseUrl, dataDir, redisUrl, allowPrivateSources,
                managerTimeout, addIntegrity, maxObjectBytes, tmpCapacityBytes, globalReplayUrl);
    }

    static List<GlobalBroker> parseBrokers(String value) {
        List<GlobalBroker> brokers = new ArrayList<>();
        if (blankToNull(value) == null) {
            return brokers;
        }
        for (String entry : value.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new LocalConfigException("GC_GLOBAL_BROKERS", "entry '" + redact(e) + "' is not name=url");
            }
            brokers.add(new GlobalBroker(e.substring(0, eq), uri("GC_GLOBAL_BROKERS", e.substring(eq + 1))));
        }
        return brokers;
    }

    /** Strips the password of a broker entry, so an error message never shows it. */
    private static String redact(String text) {
        return text.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }

    private static URI uri(String variable, String value) {
        try {
            return new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new LocalConfigException(variable, "'" + redact(value) + "' is not a URL");
        }
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String v = blankToNull(env.get(variable));
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new LocalConfigException(variable, "'" + v + "' is not a port number");
        }
    }

    private static Optional<Long> bytes(Map<String, String> env, String variable) {
        String v = blankToNull(env.get(variable));
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw new LocalConfigException(variable, "'" + v + "' is not a number of bytes");
        }
    }

    private static boolean bool(Map<String, String> env, String variable, boolean fallback) {
        String v = blankToNull(env.get(variable));
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new LocalConfigException(variable, "'" + v + "' is not true or false");
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
