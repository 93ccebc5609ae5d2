package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import tools.jackson.databind.json.JsonMapper;
import wis2.gc.log.JsonLog;
import wis2.gc.testing.MutableClock;

class ThrottledLogTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final MutableClock clock = new MutableClock();
    private final ThrottledLog log = new ThrottledLog(
            JsonLog.to("test", new PrintStream(written, true, StandardCharsets.UTF_8)), clock, Duration.ofMinutes(1));

    @Test
    void log_writesOncePerKeyAndMinuteWithTheCountHeldBack() {
        log.log(Level.INFO, "not-json", "dropped not-json");
        log.log(Level.INFO, "not-json", "dropped not-json");
        log.log(Level.INFO, "too-large", "dropped too-large");
        clock.advance(Duration.ofSeconds(59));
        log.log(Level.INFO, "not-json", "dropped not-json");
        clock.advance(Duration.ofSeconds(1));
        log.log(Level.INFO, "not-json", "dropped not-json");

        List<String> lines = Arrays.stream(written.toString(StandardCharsets.UTF_8).split("\n"))
                .map(line -> JsonMapper.shared().readTree(line).path("message").asString()).toList();
        assertThat(lines).containsExactly("dropped not-json", "dropped too-large",
                "dropped not-json (and 2 more since the last report)");
    }
}
