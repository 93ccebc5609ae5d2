package wis2.gc.log;

import java.time.Clock;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the manager, the listener and the metrics Lambda: {@link JsonLayout}
 * lines on standard output. Found by SLF4J through {@code META-INF/services}; where another
 * provider is on the class path too (the one-machine runtime, whose embedded HiveMQ needs
 * logback), the {@code slf4j.provider} system property names the one to use.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {

    /** The SLF4J API this provider is written for. */
    public static final String REQUESTED_API_VERSION = "2.0.99";

    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public void initialize() {
        // System.out looked up at each line, so a redirected standard output is followed
        loggers = new JsonLoggerFactory(() -> System.out, Clock.systemUTC());
        markers = new BasicMarkerFactory();
        mdc = new NOPMDCAdapter();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }
}
