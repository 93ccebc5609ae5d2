package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import wis2.gc.config.ConfigException;

class ManagerConfigTest {

    @Test
    void fromEnvironment_appliesTheDocumentedDefaults() {
        Map<String, String> env = TestConfig.env();
        env.remove("GC_DOWNLOAD_RETRY_BACKOFF_MS");
        env.remove("GC_CLAIM_WAIT_SECONDS");
        ManagerConfig c = ManagerConfig.fromEnvironment(env);

        assertThat(c.centreId()).isEqualTo(TestConfig.CENTRE);
        assertThat(c.redisUrl()).isEqualTo(URI.create("redis://127.0.0.1:6379"));
        assertThat(c.brokerPassword()).contains("secret");
        assertThat(c.maxObjectBytes()).isEqualTo(400L << 20);
        assertThat(c.topicBlocklist()).isEmpty();
        assertThat(c.retention()).isEqualTo(Duration.ofHours(24));
        assertThat(c.allowPrivateSources()).isFalse();
        assertThat(c.s3Endpoint()).isEmpty();
        assertThat(c.download()).isEqualTo(ManagerConfig.Download.defaults());
        assertThat(c.download().retries()).isEqualTo(2);
        assertThat(c.claimLease()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.claimWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.addIntegrity()).isTrue();
        assertThat(c.futurePubtimeTolerance()).isEqualTo(Duration.ofHours(1));
        assertThat(c.tmpCapacityBytes()).isEqualTo(512L << 20);
    }

    @Test
    void fromEnvironment_readsTheHardeningVariables() {
        ManagerConfig c = TestConfig.config("GC_ADD_INTEGRITY", "false", "GC_PUBTIME_FUTURE_TOLERANCE_SECONDS", "60",
                "GC_TMP_CAPACITY_BYTES", "2000", "GC_MAX_OBJECT_BYTES", "1500");
        assertThat(c.addIntegrity()).isFalse();
        assertThat(c.futurePubtimeTolerance()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.tmpCapacityBytes()).isEqualTo(2000);
        assertThatThrownBy(() -> TestConfig.config("GC_ADD_INTEGRITY", "maybe"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GC_ADD_INTEGRITY");
    }

    @Test
    void fromEnvironment_refusesATmpSmallerThanTheObjectCeiling() {
        assertThatThrownBy(() -> TestConfig.config("GC_TMP_CAPACITY_BYTES", "1000", "GC_MAX_OBJECT_BYTES", "1001"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GC_TMP_CAPACITY_BYTES")
                .hasMessageContaining("Found: 1000");
    }

    @Test
    void fromEnvironment_readsEveryVariable() {
        ManagerConfig c = TestConfig.config(
                "GC_PUBLIC_BASE_URL", "https://cache.example.org/",
                "GC_TOPIC_BLOCKLIST", " origin/a/wis2/xx/#, cache/a/wis2/+/data/core/x ",
                "GC_MAX_OBJECT_BYTES", "1000",
                "GC_RETENTION_HOURS", "48",
                "GC_ALLOW_PRIVATE_SOURCES", "TRUE",
                "GC_S3_ENDPOINT", "http://127.0.0.1:9000",
                "GC_DOWNLOAD_CONNECT_TIMEOUT_MS", "100",
                "GC_DOWNLOAD_READ_TIMEOUT_MS", "200",
                "GC_DOWNLOAD_TOTAL_TIMEOUT_MS", "300",
                "GC_DOWNLOAD_RETRIES", "0",
                "GC_DOWNLOAD_SPILL_BYTES", "4096");

        assertThat(c.publicBaseUrl()).isEqualTo("https://cache.example.org");
        assertThat(c.topicBlocklist()).isEqualTo(List.of("origin/a/wis2/xx/#", "cache/a/wis2/+/data/core/x"));
        assertThat(c.maxObjectBytes()).isEqualTo(1000);
        assertThat(c.retention()).isEqualTo(Duration.ofHours(48));
        assertThat(c.allowPrivateSources()).isTrue();
        assertThat(c.s3Endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(c.download()).isEqualTo(new ManagerConfig.Download(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(300), 0, Duration.ofMillis(10), 4096));
    }

    @Test
    void brokerUrl_mqttSchemesOfTheProductBecomePahoSchemes() {
        assertThat(TestConfig.config("GC_BROKER_URL", "mqtts://broker.example:8883").brokerUrl())
                .isEqualTo("ssl://broker.example:8883");
        assertThat(TestConfig.config("GC_BROKER_URL", "mqtt://127.0.0.1:1883").brokerUrl())
                .isEqualTo("tcp://127.0.0.1:1883");
        assertThat(TestConfig.config("GC_BROKER_URL", "ssl://127.0.0.1:8883").brokerUrl())
                .isEqualTo("ssl://127.0.0.1:8883");
    }

    @Test
    void fromEnvironment_errorsNameTheVariable() {
        Map<String, String> missing = TestConfig.env();
        missing.remove("GC_BUCKET");
        assertThatThrownBy(() -> ManagerConfig.fromEnvironment(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("GC_BUCKET");

        assertThatThrownBy(() -> TestConfig.config("GC_RETENTION_HOURS", "12"))
                .hasMessageContaining("GC_RETENTION_HOURS");
        assertThatThrownBy(() -> TestConfig.config("GC_MAX_OBJECT_BYTES", "lots"))
                .hasMessageContaining("GC_MAX_OBJECT_BYTES");
        assertThatThrownBy(() -> TestConfig.config("GC_REDIS_URL", "http://x")).hasMessageContaining("GC_REDIS_URL");
        assertThatThrownBy(() -> TestConfig.config("GC_BROKER_URL", "http://x:1")).hasMessageContaining("GC_BROKER_URL");
        assertThatThrownBy(() -> TestConfig.config("GC_BROKER_URL", "mqtts://x")).hasMessageContaining("GC_BROKER_URL");
        assertThatThrownBy(() -> TestConfig.config("GC_PUBLIC_BASE_URL", "ftp://x"))
                .hasMessageContaining("GC_PUBLIC_BASE_URL");
        assertThatThrownBy(() -> TestConfig.config("GC_ALLOW_PRIVATE_SOURCES", "yes"))
                .hasMessageContaining("GC_ALLOW_PRIVATE_SOURCES");
        assertThatThrownBy(() -> TestConfig.config("GC_DOWNLOAD_RETRIES", "-1"))
                .hasMessageContaining("GC_DOWNLOAD_RETRIES");
        assertThatThrownBy(() -> TestConfig.config("GC_TOPIC_BLOCKLIST", "origin/#/x"))
                .hasMessageContaining("origin/#/x");
        assertThatThrownBy(() -> TestConfig.config("GC_MULTIPART_THRESHOLD_BYTES", "1024"))
                .hasMessageContaining("GC_MULTIPART_THRESHOLD_BYTES");
    }

    @Test
    void fromEnvironment_wantsExactlyOneBrokerPasswordSource() {
        assertThatThrownBy(() -> TestConfig.config("GC_BROKER_PASSWORD_SECRET_ARN",
                "arn:aws:secretsmanager:us-east-1:1:secret:x"))
                .hasMessageContaining("GC_BROKER_PASSWORD_SECRET_ARN").hasMessageContaining("GC_BROKER_PASSWORD");
        Map<String, String> none = TestConfig.env();
        none.remove("GC_BROKER_PASSWORD");
        assertThatThrownBy(() -> ManagerConfig.fromEnvironment(none))
                .hasMessageContaining("GC_BROKER_PASSWORD_SECRET_ARN");
    }

    @Test
    void toString_masksTheLocalBrokerPassword() {
        assertThat(TestConfig.config("GC_BROKER_PASSWORD", "hunter2").toString()).doesNotContain("hunter2")
                .contains("brokerPassword=***");
    }

    @Test
    void secrets_neverShowInToString() {
        assertThat(new ManagerSecrets("hunter2", java.util.Optional.of("tok")).toString())
                .doesNotContain("hunter2", "tok");
    }

    @Test
    void resilience_takesTheDocumentedDefaults_andReadsItsVariables() {
        assertThat(TestConfig.config().resilience()).isEqualTo(ManagerConfig.Resilience.defaults());
        assertThat(ManagerConfig.Resilience.defaults())
                .isEqualTo(new ManagerConfig.Resilience(Duration.ofSeconds(2), 3, 5, Duration.ofSeconds(60)));
        ManagerConfig c = TestConfig.config("GC_TIME_RESERVE_MS", "1500", "GC_SOURCE_ATTEMPTS", "4",
                "GC_OWN_NETWORK_HOSTS", "8",
                "GC_OWN_NETWORK_WINDOW_SECONDS", "30");
        assertThat(c.resilience())
                .isEqualTo(new ManagerConfig.Resilience(Duration.ofMillis(1500), 4, 8, Duration.ofSeconds(30)));
    }

    @Test
    void resilience_badValues_nameTheVariable() {
        for (String[] bad : new String[][] {{"GC_TIME_RESERVE_MS", "-1"}, {"GC_SOURCE_ATTEMPTS", "0"},
                {"GC_OWN_NETWORK_HOSTS", "1"},
                {"GC_OWN_NETWORK_WINDOW_SECONDS", "soon"}}) {
            assertThatThrownBy(() -> TestConfig.config(bad[0], bad[1])).as(bad[0]).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(bad[0]);
        }
    }

    @Test
    void builder_holdsTheSameDefaultsAsTheEnvironment() {
        Map<String, String> env = TestConfig.env();
        env.remove("GC_DOWNLOAD_RETRY_BACKOFF_MS");
        env.remove("GC_CLAIM_WAIT_SECONDS");
        ManagerConfig built = TestConfig.builder().download(ManagerConfig.Download.defaults())
                .claimWait(Duration.ofSeconds(30)).build();
        assertThat(built).isEqualTo(ManagerConfig.fromEnvironment(env));
        assertThat(TestConfig.config()).isEqualTo(TestConfig.config(new String[0]));
    }

    @Test
    void builder_badValues_nameTheVariable_asTheEnvironmentDoes() {
        assertThatThrownBy(() -> TestConfig.builder().retention(Duration.ofHours(12)).build())
                .isInstanceOf(ConfigException.class).hasMessage("GC_RETENTION_HOURS: must be at least 24. Found: 12");
        assertThatThrownBy(() -> TestConfig.builder().brokerUrl("http://x:1").build())
                .hasMessageStartingWith("GC_BROKER_URL: must be a mqtt://host:port or mqtts://host:port URL");
        assertThatThrownBy(() -> TestConfig.builder().centreId(" ").build()).hasMessage("GC_CENTRE_ID: is required");
        assertThatThrownBy(() -> ManagerConfig.Download.builder().retries(-1).build())
                .hasMessage("GC_DOWNLOAD_RETRIES: must be at least 0. Found: -1");
        assertThatThrownBy(() -> ManagerConfig.Resilience.builder().ownNetworkHosts(1).build())
                .hasMessage("GC_OWN_NETWORK_HOSTS: must be at least 2. Found: 1");
    }

    @Test
    void fromEnvironment_malformedValues_sayTheVariableTheProblemAndWhatWasFound() {
        assertThatThrownBy(() -> TestConfig.config("GC_MAX_OBJECT_BYTES", "lots"))
                .hasMessage("GC_MAX_OBJECT_BYTES: must be a whole number. Found: lots");
        assertThatThrownBy(() -> TestConfig.config("GC_PUBLISH_TIMEOUT_MS", "0"))
                .hasMessage("GC_PUBLISH_TIMEOUT_MS: must be at least 1. Found: 0");
        assertThatThrownBy(() -> TestConfig.config("GC_REDIS_URL", "redis://u:hunter2@[bad"))
                .hasMessageStartingWith("GC_REDIS_URL: is not a URL").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> TestConfig.config("GC_S3_ENDPOINT", "s3.example.org"))
                .hasMessageStartingWith("GC_S3_ENDPOINT: must be an http(s) URL with a host");
        assertThatThrownBy(() -> TestConfig.config("GC_TOPIC_BLOCKLIST", "a/#/b"))
                .hasMessageStartingWith("GC_TOPIC_BLOCKLIST: topic filter 'a/#/b'");
    }
}
