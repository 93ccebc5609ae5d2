package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import wis2.gc.config.ConfigException;

class ListenerConfigTest {

    private static Map<String, String> env(String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "GC_CENTRE_ID", "xx-test-global-cache",
                "GC_BROKER_NAME", "gb-1",
                "GC_BROKER_URL", "mqtts://everyone:s%40cret%3Ax@globalbroker.example.org",
                "GC_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/gc.fifo",
                "AWS_REGION", "eu-west-1"));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                env.remove(overrides[i]);
            } else {
                env.put(overrides[i], overrides[i + 1]);
            }
        }
        return env;
    }

    @Test
    void fromEnvironment_readsTheUrlCredentialsAndDefaults() {
        ListenerConfig config = ListenerConfig.fromEnvironment(env());

        assertThat(config.serverUri()).isEqualTo("ssl://globalbroker.example.org:8883");
        assertThat(config.username()).contains("everyone");
        assertThat(config.password()).contains("s@cret:x");
        assertThat(config.subscriptions()).containsExactly("origin/a/wis2/#", "cache/a/wis2/#");
        assertThat(config.queueUrl()).isEqualTo(URI.create("https://sqs.eu-west-1.amazonaws.com/123456789012/gc.fifo"));
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.sqsEndpoint()).isEmpty();
        assertThat(config.caFile()).isEmpty();
        assertThat(config.maxMessageBytes()).isEqualTo(1_048_576);
        assertThat(config.reconnectStable()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.healthIdle()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.emfInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.monitorBroker()).isEmpty();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.batchLinger()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.clientId()).isEqualTo("xx-test-global-cache-gb-1");
    }

    @Test
    void fromEnvironment_readsPlainMqttWithPortAndOverrides(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        ListenerConfig config = ListenerConfig.fromEnvironment(env(
                "GC_BROKER_URL", "mqtt://127.0.0.1:1884",
                "GC_SUBSCRIPTIONS", " origin/a/wis2/+/data/# , cache/a/wis2/# ",
                "GC_SQS_ENDPOINT", "http://127.0.0.1:9324",
                "GC_CA_FILE", ca.toString(),
                "GC_QUEUE_MAX_MESSAGE_BYTES", "2000",
                "GC_MONITOR_BROKER_URL", "mqtts://broker.example.org",
                "GC_MONITOR_BROKER_USER", "gc-publisher",
                "GC_MONITOR_BROKER_PASSWORD", "p@ss",
                "GC_HTTP_PORT", "0"));

        assertThat(config.serverUri()).isEqualTo("tcp://127.0.0.1:1884");
        assertThat(config.username()).isEmpty();
        assertThat(config.password()).isEmpty();
        assertThat(config.subscriptions()).containsExactly("origin/a/wis2/+/data/#", "cache/a/wis2/#");
        assertThat(config.sqsEndpoint()).contains(URI.create("http://127.0.0.1:9324"));
        assertThat(config.caFile()).contains(ca);
        assertThat(config.maxMessageBytes()).isEqualTo(2000);
        assertThat(config.monitorBroker()).contains(new ListenerConfig.BrokerAddress("ssl://broker.example.org:8883",
                Optional.of("gc-publisher"), Optional.of("p@ss")));
        assertThat(config.toString()).doesNotContain("p@ss");
        assertThat(config.httpPort()).isZero();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "GC_CENTRE_ID, NULL",
            "GC_CENTRE_ID, bad/centre",
            "GC_BROKER_NAME, ''",
            "GC_BROKER_URL, NULL",
            "GC_BROKER_URL, http://broker.example.org",
            "GC_BROKER_URL, mqtt://broker.example.org/path",
            "GC_BROKER_URL, mqtt://bad host",
            "GC_QUEUE_URL, NULL",
            "GC_QUEUE_URL, not-a-url",
            "AWS_REGION, NULL",
            "GC_SUBSCRIPTIONS, 'origin/a/#/x'",
            "GC_SUBSCRIPTIONS, 'origin/a+/x'",
            "GC_CA_FILE, /nonexistent/ca.pem",
            "GC_QUEUE_MAX_MESSAGE_BYTES, 1023",
            "GC_QUEUE_MAX_MESSAGE_BYTES, 1048577",
            "GC_QUEUE_MAX_MESSAGE_BYTES, lots",
            "GC_RECONNECT_STABLE_SECONDS, 0",
            "GC_HEALTH_IDLE_SECONDS, 0",
            "GC_EMF_INTERVAL_SECONDS, -1",
            "GC_MONITOR_BROKER_URL, http://broker.example.org",
            "GC_HTTP_PORT, 70000",
            "GC_SQS_SENDERS, 0",
            "GC_MAX_PENDING, 5",
    })
    void fromEnvironment_namesTheBadVariable(String variable, String value) {
        assertThatThrownBy(() -> ListenerConfig.fromEnvironment(env(variable, value)))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.variable()).isEqualTo(variable))
                .hasMessageStartingWith(variable + ": ");
    }

    @Test
    void fromEnvironment_neverEchoesTheBrokerPasswordInErrors() {
        assertThatThrownBy(() -> ListenerConfig.fromEnvironment(env("GC_BROKER_URL", "mqtt://u:topsecret@bad host")))
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void toString_hidesThePassword() {
        assertThat(ListenerConfig.fromEnvironment(env()).toString())
                .doesNotContain("s@cret")
                .contains("password=***", "username=everyone");
    }

    @Test
    void new_copiesTheSubscriptions() {
        List<String> filters = new java.util.ArrayList<>(List.of("origin/a/wis2/#"));
        ListenerConfig config = new ListenerConfig("c", "b", "tcp://127.0.0.1:1883", Optional.empty(), Optional.empty(),
                filters, URI.create("http://127.0.0.1/q.fifo"), Optional.empty(), Optional.empty(), "us-east-1",
                1024, 0, Duration.ZERO, 1, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ZERO, Optional.empty());
        filters.add("cache/a/wis2/#");

        assertThat(config.subscriptions()).containsExactly("origin/a/wis2/#");
    }

    @Test
    void builder_holdsTheSameDefaultsAsTheEnvironment() {
        ListenerConfig built = ListenerConfig.builder()
                .centreId("xx-test-global-cache")
                .brokerName("gb-1")
                .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL",
                        "mqtts://everyone:s%40cret%3Ax@globalbroker.example.org"))
                .queueUrl(URI.create("https://sqs.eu-west-1.amazonaws.com/123456789012/gc.fifo"))
                .region("eu-west-1")
                .build();
        assertThat(built).isEqualTo(ListenerConfig.fromEnvironment(env()));
    }

    @Test
    void builder_badValues_nameTheVariableAndWhatWasFound() {
        ListenerConfig.Builder valid = ListenerConfig.builder().centreId("xx-test-global-cache").brokerName("gb-1")
                .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL", "mqtt://127.0.0.1:1883"))
                .queueUrl(URI.create("http://127.0.0.1:1/q.fifo")).region("us-east-1");
        assertThatThrownBy(() -> valid.senders(0).build()).isInstanceOf(ConfigException.class)
                .hasMessage("GC_SQS_SENDERS: must be between 1 and 64. Found: 0");
        assertThatThrownBy(() -> valid.senders(8).httpPort(70000).build())
                .hasMessage("GC_HTTP_PORT: must be between 0 and 65535. Found: 70000");
        assertThatThrownBy(() -> ListenerConfig.fromEnvironment(env("GC_MAX_PENDING", "many")))
                .hasMessage("GC_MAX_PENDING: must be a whole number. Found: many");
    }
}
