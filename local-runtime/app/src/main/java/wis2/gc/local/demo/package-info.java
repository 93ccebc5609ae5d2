/**
 * {@code ./gc demo}: the cache plus a demo WIS2 node and two Global Brokers on this machine,
 * playing a short story of notifications and checking each outcome.
 *
 * <p>Order of work: {@link wis2.gc.local.demo.DemoMain} starts the two Global Broker stand-ins, a
 * {@link wis2.gc.local.WisNode} and the {@link wis2.gc.local.LocalCache}; publishes each message of
 * the story on the brokers; waits for what the cache republishes (and what it does not); checks
 * the downloads and the metrics; prints one line per outcome and exits 0 when all matched.
 */
package wis2.gc.local.demo;
