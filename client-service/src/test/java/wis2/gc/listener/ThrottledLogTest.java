package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock();
    private final ThrottledLog log = new ThrottledLog(new System.Logger() {
        @Override public String getName() { return "test"; }
        @Override public boolean isLoggable(Level level) { return true; }
        @Override public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) { lines.add(msg); }
        @Override public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(MessageFormat.format(format, params));
        }
    }, clock, Duration.ofMinutes(1));

    @Test
    void log_writesOncePerKeyAndMinuteWithTheCountHeldBack() {
        log.log(Level.INFO, "not-json", "dropped not-json");
        log.log(Level.INFO, "not-json", "dropped not-json");
        log.log(Level.INFO, "too-large", "dropped too-large");
        clock.advance(Duration.ofSeconds(59));
        log.log(Level.INFO, "not-json", "dropped not-json");
        clock.advance(Duration.ofSeconds(1));
        log.log(Level.INFO, "not-json", "dropped not-json");

        assertThat(lines).containsExactly("dropped not-json", "dropped too-large",
                "dropped not-json (and 2 more since the last report)");
    }
}
