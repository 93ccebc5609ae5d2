package wis2.gc.log;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** Loggers of the {@link JsonLayout} format outside SLF4J's factory. */
public final class JsonLog {

    private JsonLog() {
    }

    /**
     * A logger named {@code name} writing INFO and above to {@code out}, whatever provider SLF4J
     * has: for a component whose lines are read back (a test reading the manager's outcome
     * lines, for one).
     */
    public static Logger to(String name, PrintStream out) {
        Objects.requireNonNull(out, "out");
        return new JsonLogger(name, Level.INFO, () -> out, Clock.systemUTC());
    }
}
