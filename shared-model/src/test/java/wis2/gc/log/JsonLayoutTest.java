package wis2.gc.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every log line is one JSON object whose fields a CloudWatch filter can read. */
class JsonLayoutTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final JsonMapper JSON = JsonMapper.shared();

    @Test
    void format_writesTheFixedFieldsThenTheKeyValuesWithTheirJsonTypes() {
        String line = JsonLayout.format(T, "INFO", "wis2.gc.manager.outcome", "outcome", List.of(
                new KeyValuePair("outcome", "own_network_fault"), new KeyValuePair("reason", null),
                new KeyValuePair("bytes", 12345L), new KeyValuePair("ms", 7), new KeyValuePair("ok", true),
                new KeyValuePair("ratio", 0.5), new KeyValuePair("exact", new BigDecimal("1.10"))), (Throwable) null);

        assertThat(line).isEqualTo("{\"time\":\"2026-12-01T10:00:00.123Z\",\"level\":\"INFO\","
                + "\"logger\":\"wis2.gc.manager.outcome\",\"message\":\"outcome\",\"outcome\":\"own_network_fault\","
                + "\"reason\":null,\"bytes\":12345,\"ms\":7,\"ok\":true,\"ratio\":0.5,\"exact\":1.10}");
    }

    @Test
    void format_keepsALineOneLine_escapingQuotesBackslashesAndControlCharacters() {
        String message = "a \"quoted\" C:\\path\nsecond line\r\tand \u0001 and \u2028";
        String line = JsonLayout.format(T, "WARN", "x", message, List.of(), (Throwable) null);

        assertThat(line).doesNotContain("\n", "\r", "\u2028");
        assertThat(JSON.readTree(line).path("message").asString()).isEqualTo(message);
    }

    @Test
    void format_addsTheErrorAndItsStack() {
        var error = new IllegalStateException("broken", new java.io.IOException("cause"));
        JsonNode n = JSON.readTree(JsonLayout.format(T, "ERROR", "x", "failed", null, error));

        assertThat(n.path("error").asString()).isEqualTo("java.lang.IllegalStateException: broken");
        assertThat(n.path("stack").asString()).contains("JsonLayoutTest", "Caused by: java.io.IOException: cause");
    }

    @Test
    void format_neverWritesANameTwice() {
        String line = JsonLayout.format(T, "INFO", "x", "m", List.of(new KeyValuePair("message", "kv"),
                        new KeyValuePair("a", 1), new KeyValuePair("a", 2), new KeyValuePair("nan", Double.NaN)),
                (Throwable) null);
        JsonNode n = JSON.readTree(line);

        assertThat(n.path("message").asString()).isEqualTo("m");
        assertThat(n.path("_message").asString()).isEqualTo("kv");
        assertThat(n.path("a").asInt()).isEqualTo(1);
        assertThat(n.path("_a").asInt()).isEqualTo(2);
        assertThat(n.path("nan").asString()).isEqualTo("NaN");
    }
}
