package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContractsTest {

    @Test
    void groupId_isTheDataIdWhenSqsAcceptsIt() {
        String dataId = "wis2/de-dwd/data/core/A_SMDL01EDZW_20240101.bufr4?x=1&y=[2]";
        assertThat(SqsContract.groupId(dataId)).isEqualTo(dataId);
        assertThat(SqsContract.groupId("x".repeat(128))).isEqualTo("x".repeat(128));
    }

    @Test
    void groupId_hashesLongOrUnacceptableDataIds() {
        for (String dataId : new String[] {"x".repeat(129), "a b", "é", "tab\t", ""}) {
            assertThat(SqsContract.groupId(dataId)).matches("[0-9a-f]{64}").isEqualTo(Hashes.sha256Hex(dataId));
        }
        assertThat(Hashes.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void deduplicationId_isSha256HexOfTheNotificationId() {
        assertThat(SqsContract.deduplicationId("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(SqsContract.ATTR_TOPIC).isEqualTo("topic");
        assertThat(SqsContract.ATTR_BROKER).isEqualTo("broker");
        assertThat(SqsContract.ATTR_RECEIVED_AT).isEqualTo("received_at");
    }

    @Test
    void redisKeys_areBoundedAndShareASlotPerDataId() {
        String dataId = "x".repeat(5000);
        assertThat(RedisKeys.seen("de-dwd", dataId))
                .isEqualTo("gc:seen:{" + Hashes.sha256Hex("6:de-dwd" + dataId) + "}").hasSizeLessThan(100);
        assertThat(RedisKeys.claim("de-dwd", dataId))
                .isEqualTo("gc:claim:{" + Hashes.sha256Hex("6:de-dwd" + dataId) + "}");
        assertThat(RedisKeys.seen("c", "a")).isNotEqualTo(RedisKeys.seen("c", "b"))
                .isNotEqualTo(RedisKeys.claim("c", "a"));
        // another centre's copy of a data_id has keys of its own; length prefixes keep ("ab","c") from ("a","bc")
        assertThat(RedisKeys.seen("de-dwd", "a")).isNotEqualTo(RedisKeys.seen("xx-squatter", "a"));
        assertThat(RedisKeys.seen("ab", "c")).isNotEqualTo(RedisKeys.seen("a", "bc"));
    }
}
