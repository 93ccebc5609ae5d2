/**
 * {@code ./gc bench}: the performance test of the one-machine pipeline, which prints figures
 * (throughput, latency percentiles, download times) and asserts no timing.
 *
 * <p>Order of work: {@link wis2.gc.local.bench.BenchMain} starts the cache and a
 * {@link wis2.gc.local.WisNode} holding the objects, publishes unique notifications through a
 * Global Broker stand-in as fast as it can, times each from publication to republication by the
 * cache (a warm-up burst first, reported apart, then the measured burst), then downloads one
 * large cached object with many clients at once through the cache's HTTP server, and prints the
 * figures (and writes them as JSON when asked).
 */
package wis2.gc.local.bench;
