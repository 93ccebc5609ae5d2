package wis2.gc.log;

import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger writing {@link JsonLayout} lines at {@code threshold} and above. Events built
 * with the fluent API ({@code atInfo().addKeyValue(...)}) keep their key-values as fields.
 */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {

    private final Level threshold;
    private final Supplier<PrintStream> out;
    private final Clock clock;

    JsonLogger(String name, Level threshold, Supplier<PrintStream> out, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private boolean enabled(Level level) {
        // Level's ints grow with severity: TRACE 0 ... ERROR 40
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        write(level, pattern, arguments, List.of(), throwable);
    }

    @Override
    public void log(LoggingEvent event) {
        if (enabled(event.getLevel())) {
            write(event.getLevel(), event.getMessage(), event.getArgumentArray(), event.getKeyValuePairs(),
                    event.getThrowable());
        }
    }

    private void write(Level level, String pattern, Object[] arguments, List<KeyValuePair> keyValues,
                       Throwable throwable) {
        // a throwable passed as the last argument (without a {} of its own) is the cause too
        var formatted = MessageFormatter.arrayFormat(pattern, arguments);
        Throwable cause = throwable != null ? throwable : formatted.getThrowable();
        String line = JsonLayout.format(clock.instant().truncatedTo(ChronoUnit.MILLIS), level.toString(), name,
                formatted.getMessage(), keyValues, cause);
        // one println per line: PrintStream writes it whole, so threads never interleave inside a line
        out.get().println(line);
    }
}
