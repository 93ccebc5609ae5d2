package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import wis2.gc.model.SqsContract;
import wis2.gc.testing.Resources;
import wis2.gc.testing.Wnm;

class TriageTest {
    static final String CORE_TOPIC = "origin/a/wis2/ca-eccc-msc/data/core/weather/surface-based-observations/synop";

    private final Triage triage = new Triage("xx-test-global-cache", "gb-1", 8192);

    @Test
    void examine_forwardsTheExampleWithItsBytesAndContractIds() {
        byte[] payload = Resources.bytes("wnm-example1.json");

        Triage.Verdict verdict = triage.examine(CORE_TOPIC, payload);

        assertThat(verdict).isEqualTo(new Triage.Forward(new String(payload, StandardCharsets.UTF_8),
                SqsContract.groupId(Wnm.resource("wnm-example1.json").dataId()),
                SqsContract.deduplicationId(Wnm.resource("wnm-example1.json").id())));
        assertThat(((Triage.Forward) verdict).body().getBytes(StandardCharsets.UTF_8)).isEqualTo(payload);
    }

    @Test
    void examine_forwardsWhatAnotherCacheRepublished() {
        assertThat(triage.examine("cache/a/wis2/ca-eccc-msc/data/core/weather", Wnm.resource("wnm-example1.json")
                .globalCache("yy-other-gc").bytes()))
                .isInstanceOf(Triage.Forward.class);
    }

    @Test
    void examine_dropsOurOwnRepublication() {
        assertThat(triage.examine("cache/a/wis2/ca-eccc-msc/data/core/weather", Wnm.resource("wnm-example1.json")
                .globalCache("xx-test-global-cache").bytes()))
                .isEqualTo(new Triage.Drop(DropReason.OWN_REPUBLICATION));
    }

    @Test
    void examine_dropsRecommendedData() {
        assertThat(triage.examine("origin/a/wis2/ca-eccc-msc/data/recommended/weather",
                Resources.bytes("wnm-example1.json")))
                .isEqualTo(new Triage.Drop(DropReason.RECOMMENDED));
    }

    @Test
    void examine_dropsTopicsOutsideOriginAndCache() {
        assertThat(triage.examine("monitor/a/wis2/ca-eccc-msc", Resources.bytes("wnm-example1.json")))
                .isEqualTo(new Triage.Drop(DropReason.FOREIGN_TOPIC));
        assertThat(triage.examine("origin/b/wis2/ca-eccc-msc/data/core/weather", Resources.bytes("wnm-example1.json")))
                .isEqualTo(new Triage.Drop(DropReason.FOREIGN_TOPIC));
    }

    @Test
    void examine_dropsWhatWouldExceedTheQueuesMessageSizeCountingTheAttributes() {
        byte[] payload = Resources.bytes("wnm-example1.json");
        long size = triage.sqsSize(CORE_TOPIC, payload);
        // body, topic value, the three attribute names, their types, the broker name and a timestamp
        assertThat(size).isEqualTo(payload.length + CORE_TOPIC.length() + "topic".length() + "broker".length()
                + "received_at".length() + 3 * "String".length() + "gb-1".length() + 32);

        assertThat(new Triage("xx-test-global-cache", "gb-1", (int) size).examine(CORE_TOPIC, payload))
                .isInstanceOf(Triage.Forward.class);
        assertThat(new Triage("xx-test-global-cache", "gb-1", (int) size - 1).examine(CORE_TOPIC, payload))
                .isEqualTo(new Triage.Drop(DropReason.TOO_LARGE));
    }

    @Test
    void examine_dropsRecommendedAndForeignTopicsForWhatTheyAreBeforeTheirSize() {
        Triage tiny = new Triage("xx-test-global-cache", "gb-1", 1024);
        assertThat(tiny.examine("origin/a/wis2/ca-eccc-msc/data/recommended/weather",
                Resources.bytes("wnm-example1.json")))
                .isEqualTo(new Triage.Drop(DropReason.RECOMMENDED));
        assertThat(tiny.examine("monitor/a/wis2/ca-eccc-msc", Resources.bytes("wnm-example1.json")))
                .isEqualTo(new Triage.Drop(DropReason.FOREIGN_TOPIC));
    }

    @Test
    void examine_dropsMalformedJson() {
        assertThat(triage.examine(CORE_TOPIC, Resources.bytes("pywis-pubsub-test_malformed-trailing-comma.json")))
                .isEqualTo(new Triage.Drop(DropReason.NOT_JSON));
        assertThat(triage.examine(CORE_TOPIC, "[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Triage.Drop(DropReason.NOT_JSON));
    }

    @Test
    void examine_dropsPayloadsThatAreNotUtf8AsNotJson() {
        byte[] latin1 = "{\"properties\":{\"data_id\":\"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(triage.examine(CORE_TOPIC, latin1)).isEqualTo(new Triage.Drop(DropReason.NOT_JSON));
    }

    @Test
    void examine_dropsCharactersAnSqsBodyCannotHold() {
        byte[] withNul = "{\"properties\":{\"data_id\":\"a\u0000\"}}".getBytes(StandardCharsets.UTF_8);

        assertThat(triage.examine(CORE_TOPIC, withNul)).isEqualTo(new Triage.Drop(DropReason.NOT_JSON));
    }

    @Test
    void examine_dropsNotificationsWithoutDataId() {
        assertThat(triage.examine(CORE_TOPIC, Wnm.resource("wnm-example1.json")
                .edit(t -> Wnm.properties(t).set("not_data_id", Wnm.properties(t).remove("data_id"))).bytes()))
                .isEqualTo(new Triage.Drop(DropReason.NO_DATA_ID));
    }

    @Test
    void examine_deduplicatesOnTheContentWhenTheIdIsMissing() {
        byte[] noId = "{\"properties\":{\"data_id\":\"d/1\"}}".getBytes(StandardCharsets.UTF_8);

        Triage.Forward first = (Triage.Forward) triage.examine(CORE_TOPIC, noId);
        Triage.Forward again = (Triage.Forward) triage.examine(CORE_TOPIC, noId.clone());

        assertThat(first.deduplicationId()).isEqualTo(again.deduplicationId());
    }

    @Test
    void sqsBody_keepsMultiByteCharactersExactly() {
        byte[] payload = "{\"properties\":{\"data_id\":\"\u00e9t\u00e9/\uD83C\uDF27\"}}".getBytes(
                StandardCharsets.UTF_8);

        assertThat(Triage.sqsBody(payload).orElseThrow().getBytes(StandardCharsets.UTF_8)).isEqualTo(payload);
    }
}
