package wis2.gc.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** WIS2 notifications for the backfill tests (compact, as the Global Replay service would hold them). */
final class TestNotifications {

    static final String CENTRE = "xx-replay-test-node";

    private TestNotifications() {
    }

    static String topic(String centre) {
        return "origin/a/wis2/" + centre + "/data/core/weather/surface-based-observations/synop";
    }

    /** A notification; its coordinates keep a trailing zero and its fields a fixed order, to see them survive. */
    static byte[] notification(String id, String dataId, Instant pubtime) {
        return ("{\"id\":\"" + id + "\",\"conformsTo\":[\"http://wis.wmo.int/spec/wnm/1/conf/core\"],\"type\":\"Feature\","
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.10,46.2230]},"
                + "\"properties\":{\"pubtime\":\"" + pubtime + "\",\"datetime\":\"2026-01-01T00:00:00Z\","
                + "\"data_id\":\"" + dataId + "\",\"metadata_id\":\"urn:wmo:md:xx:obs\","
                + "\"integrity\":{\"method\":\"sha512\",\"value\":\"A2KNxvks\"}},"
                + "\"links\":[{\"href\":\"https://example.org/data/" + id + ".bufr4\",\"rel\":\"canonical\","
                + "\"type\":\"application/bufr\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
