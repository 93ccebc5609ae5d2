package wis2.gc.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import wis2.gc.listener.ListenerConfig;
import wis2.gc.config.ConfigException;

/**
 * {@code replay --from T1 --to T2}: fetches that {@code pubtime} interval from the Global Replay
 * service and enqueues what the listener's subscriptions match, once, then exits. In AWS it runs
 * as a one-off task of a listener's task definition (same image, same environment; see
 * docs/operations.md); it takes no lock and ignores what was fetched before, since an operator
 * asked for exactly this.
 */
public final class ReplayCommand {

    static final String USAGE = "usage: replay --from 2026-01-01T00:00:00Z --to 2026-01-01T01:00:00Z";

    /** The interval asked for. */
    public record Interval(Instant from, Instant to) {}

    private ReplayCommand() {
    }

    /** Runs the command; returns the exit status (0 done, 1 failed, 2 bad arguments or configuration). */
    public static int run(String[] args, Map<String, String> env, PrintStream out) {
        Interval interval;
        ListenerConfig listener;
        ReplayConfig config;
        try {
            interval = parse(args, Instant.now());
            listener = ListenerConfig.fromEnvironment(env);
            Optional<ReplayConfig> replay = ReplayConfig.fromEnvironment(env);
            if (replay.isEmpty()) {
                throw new ConfigException("GC_GLOBAL_REPLAY_URL", "is required for a replay");
            }
            config = replay.get();
        } catch (IllegalArgumentException | ConfigException e) {
            out.println("replay: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        SqsClient sqs = Backfill.sqsClient(listener);
        try (Backfill backfill = Backfill.create(config, listener, sqs, sqs)) {
            out.println("replay: " + interval.from() + " to " + interval.to() + " from " + config.url() + " into "
                    + listener.queueUrl() + " for the subscriptions " + listener.subscriptions());
            Backfill.Result result = backfill.replay(interval.from(), interval.to());
            out.println("replay: done, " + result.windows() + " window(s), " + result.found() + " found, "
                    + result.matched() + " matched, " + result.enqueued() + " enqueued");
            return 0;
        } catch (IllegalStateException e) {
            out.println("replay: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("replay: interrupted");
            return 1;
        }
    }

    /**
     * Reads {@code [replay] --from T1 --to T2} (RFC 3339 times); the interval must end by
     * {@code now} and be at most as long as the service keeps notifications.
     */
    public static Interval parse(String[] args, Instant now) {
        Instant from = null;
        Instant to = null;
        int i = args.length > 0 && args[0].equals("replay") ? 1 : 0;
        for (; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> from = time("--from", ++i < args.length ? args[i] : null);
                case "--to" -> to = time("--to", ++i < args.length ? args[i] : null);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("both --from and --to are required");
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--to must be after --from. Found: " + from + " to " + to);
        }
        if (to.isAfter(now.plus(Duration.ofMinutes(1)))) {
            throw new IllegalArgumentException("--to is in the future. Found: " + to);
        }
        if (Duration.between(from, to).compareTo(Backfill.SERVICE_RETENTION) > 0) {
            throw new IllegalArgumentException("the interval is longer than the " + Backfill.SERVICE_RETENTION.toDays()
                    + " days the service keeps. Found: " + from + " to " + to);
        }
        return new Interval(from, to);
    }

    private static Instant time(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a time such as 2026-01-01T00:00:00Z");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": not an RFC 3339 time. Found: " + value);
        }
    }
}
