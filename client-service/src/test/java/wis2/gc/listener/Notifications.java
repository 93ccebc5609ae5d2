package wis2.gc.listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Notifications for tests, made from the WIS2 example by giving it another id and data_id. */
final class Notifications {

    static final String EXAMPLE_ID = "31e9d66a-cd83-4174-9429-b932f1abe1be";
    static final String EXAMPLE_DATA_ID = "dataset/123/data-granule/UANT01_CWAO_200445___15103.bufr4";
    static final String CORE_TOPIC = "origin/a/wis2/ca-eccc-msc/data/core/weather/surface-based-observations/synop";

    private static final String EXAMPLE = new String(resource("wnm-example1.json"), StandardCharsets.UTF_8);

    private Notifications() {}

    static byte[] resource(String name) {
        try (InputStream in = Notifications.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] example() {
        return EXAMPLE.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] notification(String id, String dataId) {
        return EXAMPLE.replace(EXAMPLE_ID, id).replace(EXAMPLE_DATA_ID, dataId).getBytes(StandardCharsets.UTF_8);
    }

    /** The example as republished by a cache. */
    static byte[] fromCache(String globalCache) {
        return EXAMPLE.replace("\"pubtime\"", "\"global-cache\": \"" + globalCache + "\",\n        \"pubtime\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] withoutDataId() {
        return EXAMPLE.replace("\"data_id\"", "\"not_data_id\"").getBytes(StandardCharsets.UTF_8);
    }
}
