package wis2.gc.local;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The state of each component of the local cache, answered on {@code /health}. */
final class Health {
    private static final Logger LOG = LoggerFactory.getLogger(Health.class);
    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

    /** Adds a component; its check answers true when the component is up, never throws on purpose. */
    synchronized Health add(String component, BooleanSupplier check) {
        checks.put(component, check);
        return this;
    }

    /** Each component's state, in the order they were added. */
    synchronized Map<String, Boolean> states() {
        Map<String, Boolean> states = new LinkedHashMap<>();
        checks.forEach((name, check) -> states.put(name, up(name, check)));
        return states;
    }

    private static boolean up(String name, BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("health check of {} failed: {}", name, e.toString());
            return false;
        }
    }

    /** {@code {"status":"up","components":{"redis":"up",...}}}; 503 when any component is down. */
    HttpAnswer answer() {
        Map<String, Boolean> states = states();
        boolean allUp = states.values().stream().allMatch(Boolean::booleanValue);
        StringBuilder json = new StringBuilder("{\"status\":\"").append(allUp ? "up" : "down")
                .append("\",\"components\":{");
        String sep = "";
        for (var e : states.entrySet()) {
            json.append(sep).append('"').append(e.getKey()).append("\":\"").append(e.getValue() ? "up" : "down")
                    .append('"');
            sep = ",";
        }
        json.append("}}");
        return new HttpAnswer(allUp ? 200 : 503, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
