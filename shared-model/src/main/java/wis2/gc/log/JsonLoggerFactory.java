package wis2.gc.log;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The loggers of the programs in AWS: the project's own ({@code wis2.gc...}) from INFO, every
 * library's (Netty, Lettuce, the AWS SDK, Paho) from WARN only, which keeps them as quiet as
 * before and the log free of connection chatter. All write to standard output, which Lambda
 * and the ECS log driver ship to CloudWatch Logs.
 */
final class JsonLoggerFactory implements ILoggerFactory {

    static final String OWN = "wis2.gc";

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final Supplier<PrintStream> out;
    private final Clock clock;

    JsonLoggerFactory(Supplier<PrintStream> out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, threshold(n), out, clock));
    }

    static Level threshold(String name) {
        return name.equals(OWN) || name.startsWith(OWN + ".") ? Level.INFO : Level.WARN;
    }
}
