/**
 * Backfill from the WIS2 Global Replay service: what a listener's feed missed while it was
 * disconnected is fetched by pubtime and enqueued as the listener would have sent it.
 *
 * <p>Order of work: {@link wis2.gc.replay.Backfill} watches a listener's feed as its
 * {@link wis2.gc.listener.FeedObserver}; on a reconnection {@link wis2.gc.replay.GapPolicy} decides
 * the {@link wis2.gc.replay.Gap}, which is split into windows; each window is claimed and recorded
 * in the shared {@link wis2.gc.replay.ReplayState} ({@link wis2.gc.replay.RedisReplayState}),
 * fetched page by page by the {@link wis2.gc.replay.ReplayClient}, filtered by the listener's
 * subscriptions ({@link wis2.gc.replay.TopicMatcher}) and sent as {@link wis2.gc.replay.Replayed}
 * notifications to the {@link wis2.gc.replay.ReplaySink} ({@link wis2.gc.replay.SqsReplaySink}).
 * {@link wis2.gc.replay.ReplayConfig} is read at start; {@link wis2.gc.replay.ReplayCommand} runs
 * one interval on demand.
 */
package wis2.gc.replay;
