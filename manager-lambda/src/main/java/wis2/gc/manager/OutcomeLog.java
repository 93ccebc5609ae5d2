package wis2.gc.manager;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * Writes one JSON line per record (the Lambda ships stdout to CloudWatch Logs, where the
 * fields can be queried). Only identifiers and sizes are logged, never payloads.
 */
final class OutcomeLog {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final PrintStream out;

    OutcomeLog(PrintStream out) {
        this.out = out;
    }

    void record(String messageId, String dataId, String pubtime, String topic, String outcome, String reason, long bytes, long millis) {
        ObjectNode line = JSON.createObjectNode();
        line.put("message_id", messageId);
        line.put("data_id", dataId);
        line.put("pubtime", pubtime);
        line.put("topic", topic);
        line.put("outcome", outcome);
        line.put("reason", reason);
        line.put("bytes", bytes);
        line.put("ms", millis);
        String text = line.toString();
        synchronized (out) {
            out.println(text);
        }
    }
}
