package wis2.gc.manager;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import wis2.gc.testing.Wnm;

/**
 * A manager in its own JVM, built exactly as the Lambda runtime builds it (no-argument
 * constructor: environment variables and Secrets Manager), handling one record.
 * Arguments: the topic and a file holding the notification. Exit code 0 when the record
 * succeeded, 1 when it was reported failed.
 */
public final class ForkedManager {
    private ForkedManager() {
    }

    public static void main(String[] args) throws Exception {
        String body = Files.readString(Path.of(args[1]));
        String dataId = Wnm.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).at("/properties/data_id")
                .asString();
        System.out.println("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        try (ManagerHandler handler = new ManagerHandler()) {
            SQSBatchResponse response =
                    handler.handleRequest(Sqs.event(Sqs.record("forked-1", args[0], dataId, body)), null);
            System.out.println("failed records: " + Sqs.failed(response));
            System.exit(response.getBatchItemFailures().isEmpty() ? 0 : 1);
        }
    }
}
