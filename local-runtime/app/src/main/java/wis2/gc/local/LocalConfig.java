package wis2.gc.local;

import static wis2.gc.config.GcEnv.between;
import static wis2.gc.config.GcEnv.found;
import static wis2.gc.config.GcEnv.require;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import wis2.gc.config.ConfigException;
import wis2.gc.config.GcEnv;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.standins.StandIns;

/**
 * The configuration of {@code ./gc local}, read once from exactly the {@code GC_*} variables of
 * the table in docs/operations.md ("Configuration variables"; external test tools rely on these
 * names). {@link #builder()} holds the defaults, {@link #fromEnvironment(Map)} reads the variables
 * into it; every bad value is a {@link ConfigException} naming its variable, before anything
 * starts. A port of 0 means "any free port", which the tests use.
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

    private static final String BROKERS = "GC_GLOBAL_BROKERS";

    /** One {@code name=url} entry of {@code GC_GLOBAL_BROKERS}. */
    public record GlobalBroker(String name, URI url) {
        public GlobalBroker {
            require(BROKERS, name != null && name.matches("[A-Za-z0-9_.-]{1,64}"),
                    "broker name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
            // what the listener can connect to: its URL has no path, and the port is written out
            require(BROKERS, url != null && Set.of("mqtt", "mqtts").contains(String.valueOf(url.getScheme()))
                    && url.getHost() != null && url.getPort() >= 0
                    && (url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/")),
                    "broker " + name + " needs a URL like mqtt://user:pass@host:port or mqtts://host:port"
                            + found(url));
        }

        /** An embedded broker of this machine, reached over plain MQTT on loopback. */
        public static GlobalBroker embedded(String name, EmbeddedBroker broker) {
            return new GlobalBroker(name, URI.create("mqtt://" + StandIns.HOST + ":" + broker.port()));
        }
    }

    public LocalConfig {
        require("GC_CENTRE_ID", centreId != null && centreId.matches("[a-z0-9][a-z0-9-]{1,62}"),
                "must be a centre-id (lower-case letters, digits, '-')" + found(centreId));
        require(BROKERS, globalBrokers != null, "is required");
        globalBrokers = List.copyOf(globalBrokers);
        Set<String> names = new LinkedHashSet<>();
        for (GlobalBroker b : globalBrokers) {
            require(BROKERS, names.add(b.name()), "broker name " + b.name() + " appears twice");
        }
        between("GC_GB_PORT", gbPort, 0, 65535);
        between("GC_MQTT_PORT", mqttPort, 0, 65535);
        between("GC_MQTTS_PORT", mqttsPort, 0, 65535);
        between("GC_HTTP_PORT", httpPort, 0, 65535);
        publicBaseUrl = publicBaseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        publicBaseUrl.ifPresent(u -> httpUrl("GC_PUBLIC_BASE_URL", GcEnv.uri("GC_PUBLIC_BASE_URL", u)));
        require("GC_DATA_DIR", dataDir != null, "is required");
        redisUrl.ifPresent(u -> require("GC_REDIS_URL",
                ("redis".equals(u.getScheme()) || "rediss".equals(u.getScheme())) && u.getHost() != null,
                "must be a redis:// or rediss:// URL with a host" + found(u)));
        // below 10 s the manager could start no record: it keeps 2 s in reserve and needs 5 s to connect
        require("GC_MANAGER_TIMEOUT", managerTimeout != null && managerTimeout.toSeconds() >= 10
                && managerTimeout.toSeconds() <= 900, "must be 10 to 900 seconds (a Lambda timeout the manager"
                + " can start a record in)" + found(managerTimeout == null ? null : managerTimeout.toSeconds()));
        maxObjectBytes.ifPresent(b -> GcEnv.atLeast("GC_MAX_OBJECT_BYTES", b, 1));
        tmpCapacityBytes.ifPresent(b -> GcEnv.atLeast("GC_TMP_CAPACITY_BYTES", b, 1));
        globalReplayUrl.ifPresent(u -> httpUrl("GC_GLOBAL_REPLAY_URL", u));
    }

    /** A builder holding every default of {@code ./gc local}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration, to change a few values of it. */
    public Builder toBuilder() {
        return new Builder().centreId(centreId).globalBrokers(globalBrokers).gbPort(gbPort).mqttPort(mqttPort)
                .mqttsPort(mqttsPort).httpPort(httpPort).publicBaseUrl(publicBaseUrl).dataDir(dataDir)
                .redisUrl(redisUrl).allowPrivateSources(allowPrivateSources).managerTimeout(managerTimeout)
                .addIntegrity(addIntegrity).maxObjectBytes(maxObjectBytes).tmpCapacityBytes(tmpCapacityBytes)
                .globalReplayUrl(globalReplayUrl);
    }

    /** Reads the variables; a missing one takes the builder's default. */
    public static LocalConfig fromEnvironment(Map<String, String> variables) {
        GcEnv env = GcEnv.of(variables);
        Builder b = builder()
                .publicBaseUrl(env.optional("GC_PUBLIC_BASE_URL"))
                .redisUrl(env.uri("GC_REDIS_URL"))
                .maxObjectBytes(env.longInteger("GC_MAX_OBJECT_BYTES"))
                .tmpCapacityBytes(env.longInteger("GC_TMP_CAPACITY_BYTES"))
                .globalReplayUrl(env.uri("GC_GLOBAL_REPLAY_URL"));
        env.optional("GC_CENTRE_ID").ifPresent(b::centreId);
        env.map(BROKERS).ifPresent(entries -> {
            List<GlobalBroker> brokers = new ArrayList<>();
            entries.forEach((name, url) -> brokers.add(new GlobalBroker(name, GcEnv.uri(BROKERS, url))));
            b.globalBrokers(brokers);
        });
        env.integer("GC_GB_PORT").ifPresent(b::gbPort);
        env.integer("GC_MQTT_PORT").ifPresent(b::mqttPort);
        env.integer("GC_MQTTS_PORT").ifPresent(b::mqttsPort);
        env.integer("GC_HTTP_PORT").ifPresent(b::httpPort);
        env.optional("GC_DATA_DIR").map(Path::of).ifPresent(b::dataDir);
        env.bool("GC_ALLOW_PRIVATE_SOURCES").ifPresent(b::allowPrivateSources);
        env.duration("GC_MANAGER_TIMEOUT", ChronoUnit.SECONDS).ifPresent(b::managerTimeout);
        env.bool("GC_ADD_INTEGRITY").ifPresent(b::addIntegrity);
        return b.build();
    }

    /** The same configuration with every listening port set to 0 (any free port), for tests and the bench. */
    public LocalConfig withFreePorts() {
        return toBuilder().freePorts().build();
    }

    /** Builds a {@link LocalConfig}. Each setter names its variable; the defaults are written here only. */
    public static final class Builder {
        private String centreId = "xx-local-global-cache";
        private List<GlobalBroker> globalBrokers = List.of();
        private int gbPort = 1884;
        private int mqttPort = 1883;
        private int mqttsPort = 8883;
        private int httpPort = 8080;
        private Optional<String> publicBaseUrl = Optional.empty();
        private Path dataDir = Path.of("./.gc-local");
        private Optional<URI> redisUrl = Optional.empty();
        private boolean allowPrivateSources = true;
        private Duration managerTimeout = DEFAULT_MANAGER_TIMEOUT;
        private boolean addIntegrity = true;
        private Optional<Long> maxObjectBytes = Optional.empty();
        private Optional<Long> tmpCapacityBytes = Optional.empty();
        private Optional<URI> globalReplayUrl = Optional.empty();

        private Builder() {
        }

        /** {@code GC_CENTRE_ID}, default {@code xx-local-global-cache}. */
        public Builder centreId(String value) {
            centreId = value;
            return this;
        }

        /** {@code GC_GLOBAL_BROKERS}, default none (one embedded Global Broker on {@code GC_GB_PORT}). */
        public Builder globalBrokers(List<GlobalBroker> value) {
            globalBrokers = value;
            return this;
        }

        /** {@code GC_GB_PORT}, default 1884. */
        public Builder gbPort(int value) {
            gbPort = value;
            return this;
        }

        /** {@code GC_MQTT_PORT}, default 1883. */
        public Builder mqttPort(int value) {
            mqttPort = value;
            return this;
        }

        /** {@code GC_MQTTS_PORT}, default 8883. */
        public Builder mqttsPort(int value) {
            mqttsPort = value;
            return this;
        }

        /** {@code GC_HTTP_PORT}, default 8080. */
        public Builder httpPort(int value) {
            httpPort = value;
            return this;
        }

        /** Every listening port 0: each server takes a free one (tests, the demo, the bench). */
        public Builder freePorts() {
            return gbPort(0).mqttPort(0).mqttsPort(0).httpPort(0);
        }

        /** {@code GC_PUBLIC_BASE_URL}, default {@code http://127.0.0.1:{HTTP port}/data}. */
        public Builder publicBaseUrl(Optional<String> value) {
            publicBaseUrl = value;
            return this;
        }

        /** {@code GC_DATA_DIR}, default {@code ./.gc-local}; made absolute. */
        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        /** {@code GC_REDIS_URL}, default none (an embedded redis-server). */
        public Builder redisUrl(Optional<URI> value) {
            redisUrl = value;
            return this;
        }

        /** {@code GC_ALLOW_PRIVATE_SOURCES}, default true (the WIS2 nodes of a test run on this machine). */
        public Builder allowPrivateSources(boolean value) {
            allowPrivateSources = value;
            return this;
        }

        /** {@code GC_MANAGER_TIMEOUT}, default 60 s. */
        public Builder managerTimeout(Duration value) {
            managerTimeout = value;
            return this;
        }

        /** {@code GC_ADD_INTEGRITY}, default true. */
        public Builder addIntegrity(boolean value) {
            addIntegrity = value;
            return this;
        }

        /** {@code GC_MAX_OBJECT_BYTES}, default the manager's. */
        public Builder maxObjectBytes(Optional<Long> value) {
            maxObjectBytes = value;
            return this;
        }

        /** {@code GC_TMP_CAPACITY_BYTES}, default the manager's. */
        public Builder tmpCapacityBytes(Optional<Long> value) {
            tmpCapacityBytes = value;
            return this;
        }

        /** {@code GC_GLOBAL_REPLAY_URL}, default none (no backfill). */
        public Builder globalReplayUrl(Optional<URI> value) {
            globalReplayUrl = value;
            return this;
        }

        /** @throws ConfigException naming the variable of the first invalid value */
        public LocalConfig build() {
            return new LocalConfig(centreId, globalBrokers, gbPort, mqttPort, mqttsPort, httpPort, publicBaseUrl,
                    dataDir == null ? null : dataDir.toAbsolutePath().normalize(), redisUrl, allowPrivateSources,
                    managerTimeout, addIntegrity, maxObjectBytes, tmpCapacityBytes, globalReplayUrl);
        }
    }

    private static void httpUrl(String variable, URI url) {
        require(variable, ("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null,
                "must be an http(s) URL with a host" + found(url));
    }
}
