package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EMQX image's configuration: valid HOCON, and the settings the cache depends on. */
class EmqxConfigTest {

    static final Path DIR = TestApps.EMQX_CONFIG;
    static Config conf;

    @BeforeAll
    static void parse() {
        conf = ConfigFactory.parseFile(DIR.resolve("emqx.conf").toFile()).resolve();
    }

    @Test
    void authentication_isBuiltInDatabaseWithSaltedHashesBootstrappedFromTheEntrypoint() throws IOException {
        List<? extends Config> authn = conf.getConfigList("authentication");
        assertThat(authn).hasSize(1);
        Config a = authn.get(0);
        assertThat(a.getString("backend")).isEqualTo("built_in_database");
        assertThat(a.getString("mechanism")).isEqualTo("password_based");
        assertThat(a.getString("password_hash_algorithm.name")).isNotEqualTo("plain");
        assertThat(a.getString("password_hash_algorithm.salt_position")).isIn("prefix", "suffix");
        assertThat(a.getString("bootstrap_type")).isEqualTo("plain");
        String entrypoint = Files.readString(DIR.resolve("gc-entrypoint.sh"));
        assertThat(entrypoint).contains(a.getString("bootstrap_file"))
                .contains("user_id,password,is_superuser").contains("gc-publisher,").contains("everyone,");
    }

    @Test
    void authorization_isTheAclFileAndDeniesWhatItDoesNotMatch() {
        assertThat(conf.getString("authorization.no_match")).isEqualTo("deny");
        List<? extends Config> sources = conf.getConfigList("authorization.sources");
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).getString("type")).isEqualTo("file");
        assertThat(sources.get(0).getString("path")).endsWith("/acl.conf");
    }

    @Test
    void listeners_areThoseTheLoadBalancerTargetsAndTheStatusListenerServesTheHealthCheck() {
        assertThat(conf.getString("listeners.tcp.default.bind")).endsWith(":" + Broker.MQTT_PORT);
        assertThat(conf.getString("listeners.ws.default.bind")).endsWith(":" + Broker.WS_PORT);
        assertThat(conf.getBoolean("listeners.ssl.default.enable")).isFalse();
        // the load balancer's HTTP check reaches it; the security group admits nothing else (BrokerTest)
        assertThat(conf.getString("dashboard.listeners.http.bind")).isEqualTo("0.0.0.0:" + Broker.STATUS_PORT);
        assertThat(conf.getString("cluster.discovery_strategy")).isEqualTo("dns");
        assertThat(conf.getString("cluster.dns.record_type")).isEqualTo("a");
        assertThat(conf.hasPath("node.cookie")).as("the cookie comes from a secret").isFalse();
    }

    @Test
    void listeners_limitConnectionRateAndWhatOneClientPublishes() {
        for (String listener : List.of("tcp", "ws")) {
            Config l = conf.getConfig("listeners." + listener + ".default");
            assertThat(l.getString("max_conn_rate")).matches("\\d+/s");
            assertThat(l.getString("messages_rate")).matches("\\d+/s");
            assertThat(l.getString("bytes_rate")).matches("\\d+MB/s");
        }
        assertThat(conf.getBoolean("flapping_detect.enable")).isTrue();
    }

    @Test
    void sessions_areInMemoryByAWrittenChoice() {
        assertThat(conf.getBoolean("durable_sessions.enable")).isFalse();
        assertThat(conf.getDuration("mqtt.session_expiry_interval").toHours()).isEqualTo(2);
    }

    /** The figures emqx.conf and docs/operations.md give for the session queues. */
    static final int PEAK_NOTIFICATIONS_PER_SECOND = 300;
    static final int BYTES_PER_QUEUED_NOTIFICATION = 2048;

    @Test
    void sessionQueues_holdMinutesOfPeakTrafficAndFourGlobalBrokersFitHalfTheSmallestTask() {
        int queue = conf.getInt("mqtt.max_mqueue_len");
        assertThat(queue / PEAK_NOTIFICATIONS_PER_SECOND).as("seconds of peak traffic").isGreaterThanOrEqualTo(120);
        long fourSessions = 4L * queue * BYTES_PER_QUEUED_NOTIFICATION;
        int smallestTaskMb = List.of("dev", "prod", "example").stream()
                .mapToInt(env -> TestApps.config(env).broker().memoryMb()).min().orElseThrow();
        assertThat(fourSessions).isLessThanOrEqualTo(smallestTaskMb * 1024L * 1024L / 2);
        assertThat(conf.getBoolean("mqtt.mqueue_store_qos0")).isFalse();
        assertThat(conf.getInt("mqtt.max_inflight")).isBetween(1, 128);
    }

    @Test
    void acl_letsOnlyThePublisherPublishAndEveryoneSubscribeThenDeniesAll() throws IOException {
        List<String> rules = Files.readAllLines(DIR.resolve("acl.conf")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("%")).toList();
        assertThat(rules).last().isEqualTo("{deny, all}.");
        assertThat(rules).filteredOn(r -> r.startsWith("{allow")).containsExactlyInAnyOrder(
                "{allow, {username, \"gc-publisher\"}, publish, [\"cache/#\", \"monitor/#\"]}.",
                "{allow, {username, \"everyone\"}, subscribe, [\"cache/#\", \"monitor/#\"]}.");
    }

    @Test
    void dockerfile_pinsTheOfficialEmqx5ImageAndUsesTheEntrypoint() throws IOException {
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"));
        assertThat(Pattern.compile("(?m)^FROM emqx/emqx:5\\.\\d+\\.\\d+$").matcher(dockerfile).find()).isTrue();
        assertThat(dockerfile).contains("COPY --chown=emqx:emqx emqx.conf /opt/emqx/etc/emqx.conf")
                .contains("COPY --chown=emqx:emqx acl.conf /opt/emqx/etc/acl.conf")
                .contains("COPY --chmod=0755 gc-metrics.sh /usr/local/bin/gc-metrics.sh")
                .contains("ENTRYPOINT [\"/usr/local/bin/gc-entrypoint.sh\"]");
        assertThat(Files.isExecutable(DIR.resolve("gc-entrypoint.sh"))).isTrue();
        assertThat(Files.isExecutable(DIR.resolve("gc-metrics.sh"))).isTrue();
        assertThat(Files.readString(DIR.resolve("gc-entrypoint.sh"))).contains("/usr/local/bin/gc-metrics.sh &");
    }
}
