/**
 * The WIS2 rules every program of the cache shares, as pure values and functions: no I/O, no
 * clients, no configuration.
 *
 * <p>Order of work for one received message: {@link wis2.gc.model.Topic} parses the MQTT topic;
 * {@link wis2.gc.model.Notification} parses and validates the message against the WNM schema
 * ({@link wis2.gc.model.NotificationSchema}) and exposes its {@link wis2.gc.model.Pubtime},
 * {@link wis2.gc.model.Link}s, {@link wis2.gc.model.Integrity} and
 * {@link wis2.gc.model.InlineContent}; {@link wis2.gc.model.Dedup} decides from what was already
 * processed ({@link wis2.gc.model.RedisKeys} names where that lives); {@link wis2.gc.model.ObjectKey}
 * names where the object is stored and served; {@link wis2.gc.model.StreamingDigest} checks the
 * bytes; {@link wis2.gc.model.Republish} rewrites the message for the cache's broker, byte for byte
 * except the fields the rules let a cache change ({@link wis2.gc.model.MessageLayout} finds them).
 * Every message ends in one {@link wis2.gc.model.Outcome}; {@link wis2.gc.model.MetricUpdates} turns
 * it into changes of the {@link wis2.gc.model.Metric}s, which {@link wis2.gc.model.MetricsLayout}
 * keeps in Redis for the manager (writer) and the metrics endpoint (reader) alike.
 * {@link wis2.gc.model.MonitoringEvent} reports a source's failures; {@link wis2.gc.model.SqsContract}
 * is the queue contract between the listener and the manager.
 */
package wis2.gc.model;
