/**
 * The manager's download subsystem: fetches one source object over HTTP/1.1, safely and within
 * the record's time budget, streaming its bytes through a digest into a payload ready to store.
 *
 * <p>Order of work: {@link wis2.gc.manager.download.Downloader} is what the record processor calls;
 * {@link wis2.gc.manager.download.HttpDownloader} implements it. For the URL and every redirect,
 * the {@link wis2.gc.manager.download.SourceGuard} ({@link wis2.gc.manager.download.AddressGuard})
 * resolves the host once and refuses what the cache must not reach, returning a
 * {@link wis2.gc.manager.download.CheckedSource} pinned to the addresses it checked;
 * {@code SourceExchange} connects to exactly those addresses and reads status, headers and body;
 * each body byte goes to the caller's {@link wis2.gc.manager.download.BodySink} and into a
 * {@code Spill}, which keeps a small body in the heap and a large one in a file of the
 * {@link wis2.gc.manager.download.SpillSpace}, ending as a {@link wis2.gc.manager.download.Payload}.
 * Transient failures are retried with backoff (or the source's {@code Retry-After}) while the
 * budget allows; {@link wis2.gc.manager.download.OwnNetworkWatch} tells the cache's own network
 * failing from sources failing. Each way it can end is an exception the record processor maps to
 * an outcome: {@link wis2.gc.manager.download.SourceRefusedException},
 * {@link wis2.gc.manager.download.DownloadFailedException},
 * {@link wis2.gc.manager.download.TransientSourceException},
 * {@link wis2.gc.manager.download.ObjectTooLargeException},
 * {@link wis2.gc.manager.download.OwnNetworkException} and
 * {@link wis2.gc.manager.download.SpillSpaceException}.
 */
package wis2.gc.manager.download;
