/**
 * The stand-in for Lambda's SQS event source mapping: runs a Lambda handler on this machine as
 * AWS would, fed from an SQS queue.
 *
 * <p>Order of work: {@link wis2.gc.standins.lambda.EventSourcePoller} long-polls the queue with a
 * few concurrent pollers, turns each batch into the {@code SQSEvent} the Lambda runtime would
 * deliver, invokes the handler with a {@code LocalLambdaContext} (its remaining time counts down
 * to the invocation timeout), then deletes the records the handler did not report as failed
 * (partial batch response) and leaves the others to become visible again.
 */
package wis2.gc.standins.lambda;
