/**
 * The manager Lambda: takes batches of SQS FIFO records from the work queue and turns each
 * notification into exactly one outcome (cached and republished, passed through, refused,
 * invalid, or a failure that SQS retries).
 *
 * <p>Order of work: {@link wis2.gc.manager.ManagerHandler} is the entry point; it reads the
 * {@link wis2.gc.manager.ManagerConfig} and the secrets ({@link wis2.gc.manager.SecretSource},
 * {@link wis2.gc.manager.ManagerSecrets}) once and builds the clients. For each batch,
 * {@link wis2.gc.manager.BatchRunner} runs the message groups concurrently and each group in order,
 * under the invocation's {@link wis2.gc.manager.Deadline}. {@link wis2.gc.manager.RecordProcessor}
 * takes one record: parse, claim the instance ({@link wis2.gc.manager.ClaimStore}, on Redis), then
 * pass it through or fetch it (inline, or through {@link wis2.gc.manager.download}), verify, store
 * ({@link wis2.gc.manager.ObjectStore}, S3), publish ({@link wis2.gc.manager.Publisher}, MQTT),
 * commit the claim, count ({@link wis2.gc.manager.MetricsSink}) and log
 * ({@link wis2.gc.manager.OutcomeLog}); failures of a source are reported with
 * {@link wis2.gc.manager.MonitoringEvents}.
 */
package wis2.gc.manager;
