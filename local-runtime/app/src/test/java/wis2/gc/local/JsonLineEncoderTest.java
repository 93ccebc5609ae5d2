package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** In the one-machine runtime, logback writes the manager's outcome lines as the JSON lines of AWS. */
class JsonLineEncoderTest {

    @Test
    void encode_writesTheOutcomeKeyValuesAsTopLevelFields_oneLine() {
        var context = new LoggerContext();
        var event = new LoggingEvent("x", context.getLogger("wis2.gc.manager.outcome"), Level.INFO, "outcome",
                null, null);
        event.addKeyValuePair(new KeyValuePair("message_id", "m-1"));
        event.addKeyValuePair(new KeyValuePair("outcome", "own_network_fault"));
        event.addKeyValuePair(new KeyValuePair("reason", null));
        event.addKeyValuePair(new KeyValuePair("bytes", 0L));

        String text = new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(text).endsWith(System.lineSeparator());
        assertThat(text.strip()).doesNotContain("\n");
        JsonNode line = JsonMapper.shared().readTree(text);
        assertThat(line.path("logger").asString()).isEqualTo("wis2.gc.manager.outcome");
        assertThat(line.path("message_id").asString()).isEqualTo("m-1");
        assertThat(line.path("outcome").asString()).isEqualTo("own_network_fault");
        assertThat(line.get("reason").isNull()).isTrue();
        assertThat(line.path("bytes").isIntegralNumber()).isTrue();
    }

    @Test
    void encode_givesTheErrorAndItsStack() {
        var context = new LoggerContext();
        var event = new LoggingEvent("x", context.getLogger("wis2.gc.local.LocalCache"), Level.WARN, "failed",
                new IllegalStateException("down"), null);

        JsonNode line = JsonMapper.shared().readTree(new JsonLineEncoder().encode(event));

        assertThat(line.path("error").asString()).isEqualTo("java.lang.IllegalStateException: down");
        assertThat(line.path("stack").asString()).contains("JsonLineEncoderTest");
    }
}
