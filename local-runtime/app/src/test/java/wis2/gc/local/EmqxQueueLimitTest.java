package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wis2.gc.standins.AclFile;

class EmqxQueueLimitTest {

    @TempDir
    Path dir;

    @Test
    void read_takesTheSettingOfTheMqttBlock() throws IOException {
        Path conf = Files.writeString(dir.resolve("emqx.conf"),
                "mqtt {\n  max_mqueue_len = 1234\n  max_inflight = 32\n}\n");
        assertThat(EmqxQueueLimit.read(conf)).isEqualTo(1234);
    }

    @Test
    void read_theShippedConfiguration_queuesMoreThanTheDefaultThousand() {
        Path shipped = AclFile.locateInRepository().resolveSibling("emqx.conf");
        assertThat(EmqxQueueLimit.read(shipped)).isGreaterThan(1000);
    }

    @Test
    void read_rejectsAMissingOrRepeatedSettingNamingIt() throws IOException {
        Path none = Files.writeString(dir.resolve("none.conf"), "mqtt {\n  max_inflight = 32\n}\n");
        assertThatThrownBy(() -> EmqxQueueLimit.read(none)).hasMessageContaining("mqtt.max_mqueue_len: not set");
        Path twice = Files.writeString(dir.resolve("twice.conf"), "max_mqueue_len = 5\nmax_mqueue_len = 6\n");
        assertThatThrownBy(() -> EmqxQueueLimit.read(twice)).hasMessageContaining("set twice")
                .hasMessageContaining("5 and 6");
        Path zero = Files.writeString(dir.resolve("zero.conf"), "max_mqueue_len = 0\n");
        assertThatThrownBy(() -> EmqxQueueLimit.read(zero)).hasMessageContaining("at least 1");
    }
}
