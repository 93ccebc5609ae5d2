/**
 * The whole Global Cache in one JVM ({@code ./gc local}): the real listener, manager and metrics
 * programs wired to the stand-ins.
 *
 * <p>Order of work: {@link wis2.gc.local.LocalCacheMain} reads the {@link wis2.gc.local.LocalConfig}
 * and starts the {@link wis2.gc.local.LocalCache}, which starts the stand-ins, the manager behind
 * the event source mapping stand-in, one listener per Global Broker, and the
 * {@code LocalHttpServer} that does what CloudFront and API Gateway do (objects from S3 with
 * {@code HotObjects} in front, {@code /metrics}, {@code /health}); it returns once every component
 * answers ({@code Health}) and stops them in reverse order. {@link wis2.gc.local.ReplayMain} asks a
 * running cache to backfill an interval. {@link wis2.gc.local.WisNode}, {@link wis2.gc.local.MqttPeer}
 * and {@link wis2.gc.local.MetricsText} are the outside world the demo, the bench and the tests
 * talk to the cache with.
 */
package wis2.gc.local;
