package wis2.gc.manager;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wis2.gc.log.JsonLog;

/**
 * One log line per record, on the logger {@value #LOGGER}: its key-values are the line's fields
 * ({@code message_id}, {@code data_id}, {@code pubtime}, {@code topic}, {@code outcome},
 * {@code reason}, {@code bytes}, {@code ms}), which infra's metric filters and the tests read,
 * so their names and values do not change. Only identifiers and sizes are logged, never
 * payloads. In AWS the line is the JSON layout of {@code wis2.gc.log} on standard output, which
 * Lambda ships to CloudWatch Logs.
 */
final class OutcomeLog {
    /** The logger of the outcome lines. */
    static final String LOGGER = "wis2.gc.manager.outcome";

    private final Logger log;

    /** Through SLF4J, as every other log line. */
    OutcomeLog() {
        this(LoggerFactory.getLogger(LOGGER));
    }

    /** Written to {@code out} in the same layout, whatever SLF4J's provider (tests read it back). */
    OutcomeLog(PrintStream out) {
        this(JsonLog.to(LOGGER, out));
    }

    private OutcomeLog(Logger log) {
        this.log = log;
    }

    void record(String messageId, String dataId, String pubtime, String topic, String outcome, String reason,
                long bytes, long millis) {
        log.atInfo()
                .addKeyValue("message_id", messageId)
                .addKeyValue("data_id", dataId)
                .addKeyValue("pubtime", pubtime)
                .addKeyValue("topic", topic)
                .addKeyValue("outcome", outcome)
                .addKeyValue("reason", reason)
                .addKeyValue("bytes", bytes)
                .addKeyValue("ms", millis)
                .log("outcome");
    }

    /**
     * A step of the priming before a snapshot failed ({@code failed}: the CPU path,
     * {@code clients-failed}: the clients' reads); the snapshot is taken all the same.
     */
    void primingFailed(String step, Throwable error) {
        log.atWarn().addKeyValue("priming", step).addKeyValue("cause", error.toString()).log("priming failed");
    }
}
