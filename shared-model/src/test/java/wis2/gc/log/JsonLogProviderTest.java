package wis2.gc.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SLF4J finds the JSON provider on a class path without another one (as in the Lambda and
 * listener jars); the project's loggers write from INFO, the libraries' from WARN only.
 */
class JsonLogProviderTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonLoggerFactory factory = new JsonLoggerFactory(
            () -> new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void loggerFactory_isTheJsonProvidersThroughTheServiceRegistration() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLoggerFactory.class);
        assertThat(LoggerFactory.getLogger("wis2.gc.manager.outcome").isInfoEnabled()).isTrue();
    }

    @Test
    void ownLoggers_writeFromInfo_librariesFromWarnOnly() {
        for (String library : new String[] {"io.netty.channel.nio.NioEventLoop", "io.lettuce.core.RedisClient",
                "software.amazon.awssdk.request", "org.eclipse.paho.client.mqttv3", "wis2.gcx.other"}) {
            Logger log = factory.getLogger(library);
            log.info("connection chatter");
            log.debug("more chatter");
            assertThat(log.isInfoEnabled()).as(library).isFalse();
        }
        factory.getLogger("io.netty.util.ResourceLeakDetector").warn("LEAK: {} was not released", "ByteBuf");
        Logger own = factory.getLogger("wis2.gc.listener.MqttIntake");
        own.debug("not shown");
        own.info("connected to {} as {}", "gb1", "cache");

        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(json(lines[0]).path("message").asString()).isEqualTo("LEAK: ByteBuf was not released");
        assertThat(json(lines[0]).path("level").asString()).isEqualTo("WARN");
        assertThat(json(lines[1]).path("logger").asString()).isEqualTo("wis2.gc.listener.MqttIntake");
        assertThat(json(lines[1]).path("message").asString()).isEqualTo("connected to gb1 as cache");
        assertThat(json(lines[1]).path("time").asString()).isEqualTo("2026-12-01T10:00:00Z");
    }

    @Test
    void fluentEvents_keepTheirKeyValuesAsFields_andTheCause() {
        factory.getLogger("wis2.gc.manager.outcome").atInfo().addKeyValue("outcome", "cached")
                .addKeyValue("bytes", 42L).log("outcome");
        factory.getLogger("wis2.gc.metrics.MetricsEndpoint").warn("scrape failed", new IllegalStateException("down"));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode outcome = json(lines[0]);
        assertThat(outcome.path("outcome").asString()).isEqualTo("cached");
        assertThat(outcome.path("bytes").isIntegralNumber()).isTrue();
        assertThat(outcome.path("bytes").asLong()).isEqualTo(42);
        assertThat(json(lines[1]).path("error").asString()).isEqualTo("java.lang.IllegalStateException: down");
    }

    @Test
    void jsonLogTo_writesToItsOwnStream() {
        ByteArrayOutputStream own = new ByteArrayOutputStream();
        JsonLog.to("wis2.gc.manager.outcome", new PrintStream(own, true, StandardCharsets.UTF_8)).info("one");

        assertThat(json(own.toString(StandardCharsets.UTF_8).strip()).path("message").asString()).isEqualTo("one");
        assertThat(bytes.size()).isZero();
    }

    private static JsonNode json(String line) {
        return JsonMapper.shared().readTree(line);
    }
}
