package wis2.gc.local;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import wis2.gc.log.JsonLayout;

/**
 * Logback's side of the one log layout: the one-machine runtime logs through logback (its
 * embedded HiveMQ needs it), and {@code gc-logback.xml} writes the manager's outcome lines with
 * this encoder, so they are the same JSON lines as in AWS.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        IThrowableProxy error = event.getThrowableProxy();
        String line = JsonLayout.format(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(),
                event.getLoggerName(), event.getFormattedMessage(), event.getKeyValuePairs(),
                error == null ? null : error.getClassName() + ": " + error.getMessage(),
                error == null ? null : ThrowableProxyUtil.asString(error).stripTrailing());
        return (line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
