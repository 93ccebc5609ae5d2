package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import wis2.gc.config.ConfigException;

class LocalConfigTest {

    @Test
    void fromEnvironment_takesTheDocumentedDefaults() {
        LocalConfig c = LocalConfig.fromEnvironment(Map.of());

        assertThat(c.centreId()).isEqualTo("xx-local-global-cache");
        assertThat(c.globalBrokers()).isEmpty();
        assertThat(c.gbPort()).isEqualTo(1884);
        assertThat(c.mqttPort()).isEqualTo(1883);
        assertThat(c.mqttsPort()).isEqualTo(8883);
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.publicBaseUrl()).isEmpty();
        assertThat(c.dataDir().getFileName()).hasToString(".gc-local");
        assertThat(c.redisUrl()).isEmpty();
        assertThat(c.allowPrivateSources()).isTrue();
        assertThat(c.addIntegrity()).isTrue();
        assertThat(c.maxObjectBytes()).isEmpty();
        assertThat(c.tmpCapacityBytes()).isEmpty();
    }

    @Test
    void fromEnvironment_readsTheManagersSizes() {
        LocalConfig c = LocalConfig.fromEnvironment(
                Map.of("GC_MAX_OBJECT_BYTES", "1000", "GC_TMP_CAPACITY_BYTES", "2000"));
        assertThat(c.maxObjectBytes()).contains(1000L);
        assertThat(c.tmpCapacityBytes()).contains(2000L);
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_TMP_CAPACITY_BYTES", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GC_TMP_CAPACITY_BYTES");
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_MAX_OBJECT_BYTES", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GC_MAX_OBJECT_BYTES");
    }

    @Test
    void fromEnvironment_addIntegrity_canBeTurnedOffAndIsChecked() {
        assertThat(LocalConfig.fromEnvironment(Map.of("GC_ADD_INTEGRITY", "false")).addIntegrity()).isFalse();
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_ADD_INTEGRITY", "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GC_ADD_INTEGRITY");
    }

    @Test
    void fromEnvironment_readsEveryVariable() {
        LocalConfig c = LocalConfig.fromEnvironment(Map.of(
                "GC_CENTRE_ID", "de-dwd-global-cache",
                "GC_GLOBAL_BROKERS", "gb1=mqtt://u:p@127.0.0.1:1883, gb2=mqtts://127.0.0.1:8884",
                "GC_GB_PORT", "2884", "GC_MQTT_PORT", "2883", "GC_MQTTS_PORT", "9883", "GC_HTTP_PORT", "9080",
                "GC_PUBLIC_BASE_URL", "https://cache.example.org/data/",
                "GC_DATA_DIR", "/tmp/gc-x", "GC_REDIS_URL", "redis://127.0.0.1:6390",
                "GC_ALLOW_PRIVATE_SOURCES", "false"));

        assertThat(c.centreId()).isEqualTo("de-dwd-global-cache");
        assertThat(c.globalBrokers()).containsExactly(
                new LocalConfig.GlobalBroker("gb1", URI.create("mqtt://u:p@127.0.0.1:1883")),
                new LocalConfig.GlobalBroker("gb2", URI.create("mqtts://127.0.0.1:8884")));
        assertThat(c.gbPort()).isEqualTo(2884);
        assertThat(c.mqttPort()).isEqualTo(2883);
        assertThat(c.mqttsPort()).isEqualTo(9883);
        assertThat(c.httpPort()).isEqualTo(9080);
        assertThat(c.publicBaseUrl()).contains("https://cache.example.org/data");
        assertThat(c.dataDir()).isEqualTo(java.nio.file.Path.of("/tmp/gc-x"));
        assertThat(c.redisUrl()).contains(URI.create("redis://127.0.0.1:6390"));
        assertThat(c.allowPrivateSources()).isFalse();
    }

    @Test
    void fromEnvironment_namesTheVariableOfABadPort() {
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GC_HTTP_PORT: ");
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_MQTTS_PORT", "70000")))
                .hasMessageStartingWith("GC_MQTTS_PORT: ");
    }

    @Test
    void fromEnvironment_rejectsABrokerEntryWithoutNameAndHidesItsPassword() {
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_GLOBAL_BROKERS", "mqtt://u:secret@h:1883")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GC_GLOBAL_BROKERS: ")
                .hasMessageNotContaining("secret");
    }

    @Test
    void fromEnvironment_rejectsDuplicateBrokerNamesAndOtherSchemes() {
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(
                Map.of("GC_GLOBAL_BROKERS", "gb=mqtt://h:1883,gb=mqtt://h:1884")))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_GLOBAL_BROKERS", "gb=http://h:80")))
                .hasMessageStartingWith("GC_GLOBAL_BROKERS: ");
    }

    @Test
    void fromEnvironment_rejectsBadCentreIdBaseUrlRedisUrlAndBoolean() {
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_CENTRE_ID", "Not A Centre")))
                .hasMessageStartingWith("GC_CENTRE_ID: ");
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_PUBLIC_BASE_URL", "ftp://x")))
                .hasMessageStartingWith("GC_PUBLIC_BASE_URL: ");
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_REDIS_URL", "http://x")))
                .hasMessageStartingWith("GC_REDIS_URL: ");
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_ALLOW_PRIVATE_SOURCES", "perhaps")))
                .hasMessageStartingWith("GC_ALLOW_PRIVATE_SOURCES: ");
    }

    @Test
    void managerTimeout_defaultsToTheDevDeploymentsSixtySeconds_andIsRead() {
        assertThat(LocalConfig.fromEnvironment(Map.of()).managerTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(LocalConfig.fromEnvironment(Map.of("GC_MANAGER_TIMEOUT", "15")).managerTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(15));
    }

    @Test
    void managerTimeout_outsideLambdasRange_orNotANumber_namesTheVariable() {
        for (String bad : new String[] {"0", "9", "901", "-3", "fast"}) {
            assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_MANAGER_TIMEOUT", bad)))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("GC_MANAGER_TIMEOUT");
        }
    }

    @Test
    void builder_holdsTheSameDefaultsAsTheEnvironment() {
        assertThat(LocalConfig.builder().build()).isEqualTo(LocalConfig.fromEnvironment(Map.of()));
        assertThat(LocalConfig.builder().dataDir(java.nio.file.Path.of("/tmp/gc-x")).freePorts().build())
                .isEqualTo(LocalConfig.fromEnvironment(Map.of("GC_DATA_DIR", "/tmp/gc-x")).withFreePorts());
    }

    @Test
    void fromEnvironment_aBrokerEntryThatIsNoUrl_namesTheVariableAndTheBroker() {
        assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_GLOBAL_BROKERS", "gb1=notaurl")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GC_GLOBAL_BROKERS: broker gb1 needs a URL like mqtt://user:pass@host:port or"
                        + " mqtts://host:port. Found: notaurl");
    }

    @Test
    void fromEnvironment_everyMalformedBrokerUrl_namesTheVariable_neverThePassword() {
        for (String bad : new String[] {"gb1=mqtt://u:hunter2@bad host:1883", "gb1=mqtt://u:hunter2@h",
                "gb1=tcp://h:1883", "gb1=mqtt://u:hunter2@h:1883/path", "gb1=", "=mqtt://h:1883", "gb1=mqtt://:1883",
                "gb 1=mqtt://h:1883"}) {
            assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of("GC_GLOBAL_BROKERS", bad)))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageStartingWith("GC_GLOBAL_BROKERS: ")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void fromEnvironment_everyMalformedValue_namesItsVariable() {
        String[][] bad = {
                {"GC_GB_PORT", "x"}, {"GC_MQTT_PORT", "-1"}, {"GC_MQTTS_PORT", "1.5"}, {"GC_HTTP_PORT", "65536"},
                {"GC_PUBLIC_BASE_URL", "http://"}, {"GC_PUBLIC_BASE_URL", "http://a b"}, {"GC_REDIS_URL", "redis://"},
                {"GC_REDIS_URL", "redis://[x"}, {"GC_ALLOW_PRIVATE_SOURCES", "1"}, {"GC_MANAGER_TIMEOUT", "1m"},
                {"GC_ADD_INTEGRITY", "no"}, {"GC_MAX_OBJECT_BYTES", "1e6"}, {"GC_TMP_CAPACITY_BYTES", "-5"},
                {"GC_GLOBAL_REPLAY_URL", "replay.example.org"}, {"GC_CENTRE_ID", "x"},
        };
        for (String[] pair : bad) {
            assertThatThrownBy(() -> LocalConfig.fromEnvironment(Map.of(pair[0], pair[1])))
                    .as(pair[0] + "=" + pair[1]).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(pair[0] + ": ");
        }
    }
}
