/**
 * The metrics endpoint: {@code GET /metrics} rendered from the counters the manager keeps in
 * Redis, as Prometheus text or OpenMetrics.
 *
 * <p>Order of work: {@link wis2.gc.metrics.MetricsHandler} (the API Gateway Lambda) reads the
 * {@link wis2.gc.metrics.MetricsConfig} and the Redis token ({@link wis2.gc.metrics.RedisTokenSecret})
 * once per container and hands each request to the {@link wis2.gc.metrics.MetricsEndpoint}, which
 * asks the {@link wis2.gc.metrics.MetricsSource} ({@link wis2.gc.metrics.RedisMetricsSource}) for the
 * families, read through the {@link wis2.gc.metrics.HashReader} ({@link wis2.gc.metrics.RedisHashReader})
 * in one pipelined batch, and writes them in the format the scraper asked for
 * ({@link wis2.gc.metrics.Exposition}).
 */
package wis2.gc.metrics;
