package wis2.gc.manager;

/** Another worker kept its claim on a data_id longer than this worker waits; SQS retries the record. */
final class ClaimBusyException extends RuntimeException {
    ClaimBusyException(String message) {
        super(message);
    }
}
