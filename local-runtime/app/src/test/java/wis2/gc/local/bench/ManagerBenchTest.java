package wis2.gc.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import wis2.gc.model.Notification;
import wis2.gc.model.SqsContract;

/** The manager benchmark's inputs: the objects both processes rebuild, the SQS events, the flags. */
class ManagerBenchTest {
    @Test
    void objects_areTheSameForTheSameSeedAndDistinct() {
        BenchObjects a = new BenchObjects(15, 20, 85 * 1024, 90 * 1024);
        BenchObjects b = new BenchObjects(15, 20, 85 * 1024, 90 * 1024);
        for (int i = 0; i < 20; i++) {
            assertThat(a.bytes(i)).isEqualTo(b.bytes(i)).hasSizeBetween(85 * 1024, 90 * 1024);
        }
        assertThat(a.bytes(0)).isNotEqualTo(a.bytes(1));
    }

    @Test
    void objectPath_roundTripsAndRejectsOthers() {
        assertThat(BenchObjects.indexOf(BenchObjects.path(1234))).isEqualTo(1234);
        assertThat(BenchObjects.indexOf("/data/other.bufr4")).isEqualTo(-1);
        assertThat(BenchObjects.indexOf("/data/obs-x.bufr4")).isEqualTo(-1);
    }

    @Test
    void event_isAFifoBatchOfValidNotificationsDeclaringEachObjectsSha512() throws Exception {
        BenchObjects objects = new BenchObjects(15, 30, 1024, 2048);
        SQSEvent event = ManagerBench.event(10, 10, objects, "http://127.0.0.1:9", "run1");
        assertThat(event.getRecords()).hasSize(10);
        for (int k = 0; k < 10; k++) {
            SQSEvent.SQSMessage m = event.getRecords().get(k);
            Notification n = Notification.parse(m.getBody().getBytes(StandardCharsets.UTF_8));
            assertThat(m.getAttributes()).containsEntry("MessageGroupId", n.dataId())
                    .containsEntry("ApproximateReceiveCount", "1");
            assertThat(m.getMessageAttributes().get(SqsContract.ATTR_TOPIC).getStringValue())
                    .startsWith("origin/a/wis2/");
            assertThat(n.sourceLink().orElseThrow().href()).isEqualTo("http://127.0.0.1:9" + BenchObjects.path(10 + k));
            byte[] sha512 = MessageDigest.getInstance("SHA-512").digest(objects.bytes(10 + k));
            assertThat(n.integrity().orElseThrow().value()).isEqualTo(Base64.getEncoder().encodeToString(sha512));
        }
        assertThat(event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).distinct()).hasSize(10);
    }

    @Test
    void options_haveTheDefaultsAndRefuseBadFlags() {
        ManagerBench.Options o = ManagerBench.Options.parse();
        assertThat(o.count()).isEqualTo(3000);
        assertThat(o.warmup()).isEqualTo(2000);
        assertThat(o.batch()).isEqualTo(10);
        assertThat(ManagerBench.Options.parse("--size-kb", "10-20", "--count", "5").minKb()).isEqualTo(10);
        assertThatThrownBy(() -> ManagerBench.Options.parse("--batch", "11"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ManagerBench.Options.parse("--count", "x"))
                .hasMessageContaining("--count needs a number");
        assertThatThrownBy(() -> ManagerBench.Options.parse("--what", "1")).hasMessageContaining("unknown flag --what");
    }
}
