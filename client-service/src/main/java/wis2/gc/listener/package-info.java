/**
 * The listener: one Global Broker's notifications forwarded, at least once, into the SQS FIFO
 * work queue, as a long-running task.
 *
 * <p>Order of work: {@link wis2.gc.listener.Listener} is the entry point and reads the
 * {@link wis2.gc.listener.ListenerConfig}. {@link wis2.gc.listener.MqttIntake} keeps one MQTT
 * session with manual acknowledgements (reconnecting by the {@link wis2.gc.listener.ReconnectPolicy});
 * each message passes the cheap checks of {@link wis2.gc.listener.Triage} (a dropped one gets a
 * {@link wis2.gc.listener.DropReason}, a too large one a report from
 * {@link wis2.gc.listener.TooLargeReports}), becomes an {@link wis2.gc.listener.Inbound} and is
 * batched by the {@link wis2.gc.listener.Forwarder} into the {@link wis2.gc.listener.MessageQueue}
 * ({@link wis2.gc.listener.SqsQueue}); the {@link wis2.gc.listener.AckSequencer} then acknowledges
 * to the broker in arrival order. {@link wis2.gc.listener.ListenerMetrics} counts,
 * {@link wis2.gc.listener.EmfReporter} ships the counts to CloudWatch,
 * {@link wis2.gc.listener.StatusServer} answers the health checks, and a
 * {@link wis2.gc.listener.FeedObserver} (the backfill of {@code wis2.gc.replay}) watches the feed.
 */
package wis2.gc.listener;
