package wis2.gc.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerOptionsTest {

    private static final AclFile ACL = AclFile.parse("{deny, all}.");

    @Test
    void anonymous_isPlainMqttOnAFreePortWithATemporaryDataFolder() {
        BrokerOptions options = BrokerOptions.anonymous();

        assertThat(options.isSecured()).isFalse();
        assertThat(options.port()).isZero();
        assertThat(options.tls()).isFalse();
        assertThat(options.dataDir()).isEmpty();
        assertThat(options.maxQueuedMessages()).isEqualTo(BrokerOptions.DEFAULT_MAX_QUEUED_MESSAGES);
        assertThat(options.sessionsInMemory()).isFalse();
    }

    @Test
    void with_changesOneSettingAndKeepsTheOthers() {
        BrokerOptions options = BrokerOptions.secured(Map.of("u", "p"), ACL)
                .withPort(1883).withTlsPort(8883).withDataDir(Path.of("data")).withMaxQueuedMessages(50_000);

        assertThat(options.isSecured()).isTrue();
        assertThat(options.port()).isEqualTo(1883);
        assertThat(options.tls()).isTrue();
        assertThat(options.tlsPort()).isEqualTo(8883);
        assertThat(options.dataDir()).contains(Path.of("data"));
        assertThat(options.users()).containsEntry("u", "p");
        assertThat(options.maxQueuedMessages()).isEqualTo(50_000);
    }

    @Test
    void constructor_refusesInconsistentSettings() {
        assertThatThrownBy(() -> BrokerOptions.anonymous().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> BrokerOptions.secured(Map.of(), ACL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one user");
        assertThatThrownBy(() -> new BrokerOptions(0, false, 0, Optional.empty(), Map.of("u", "p"), Optional.empty(),
                1000, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anonymous")
                .hasMessageContaining("u");
        assertThatThrownBy(() -> BrokerOptions.secured(Map.of("u", ""), ACL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'u'");
        assertThatThrownBy(() -> BrokerOptions.anonymous().withMaxQueuedMessages(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQueuedMessages");
        assertThatThrownBy(() -> BrokerOptions.anonymous().withDataDir(Path.of("data")).withSessionsInMemory())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in memory")
                .hasMessageContaining("data");
        assertThatThrownBy(() -> BrokerOptions.anonymous().withPort(1883).withTlsPort(1883))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
    }
}
