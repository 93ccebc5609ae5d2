package wis2.gc.metrics;

import java.util.List;
import java.util.Map;

/** Reads whole Redis hashes; the port between the renderer and Redis. */
interface HashReader {

    /**
     * Returns every field of each of {@code keys} (an absent key reads as an empty hash), in one
     * batch of commands whose number depends only on {@code keys.size()}.
     *
     * @throws MetricsUnavailableException when Redis cannot be read
     */
    Map<String, Map<String, String>> readAll(List<String> keys);
}
