/**
 * The programs' one log format: {@link wis2.gc.log.JsonLayout} writes an event as one JSON
 * line, {@link wis2.gc.log.JsonLogProvider} is the SLF4J provider that the manager, the listener
 * and the metrics Lambda log through in AWS (own loggers from INFO, libraries from WARN), and
 * {@link wis2.gc.log.JsonLog} hands out a logger bound to one stream. An event goes from the
 * SLF4J call to {@code JsonLogger}, which formats it with the layout and prints one line.
 */
package wis2.gc.log;
