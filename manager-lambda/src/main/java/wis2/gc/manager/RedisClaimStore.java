package wis2.gc.manager;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import wis2.gc.model.Pubtime;
import wis2.gc.model.RedisKeys;

/**
 * {@link ClaimStore} on Redis: each operation is one Lua script, so a check and its write are
 * atomic across every manager instance. The seen key holds the processed pubtime as a
 * fixed-width string that sorts like the instant (Lua compares strings exactly, whereas its
 * numbers would lose nanoseconds); the claim key holds the holder's fencing token (unique per
 * claim) with a lease that outlives the holder's deadline: a live claim is never taken over,
 * not even by a retry of the same SQS message, and a crashed holder's claim expires. Commit
 * and release act only for the token that holds the claim. Only single keys are read: no KEYS or SCAN.
 */
final class RedisClaimStore implements ClaimStore {
    private static final RedisConnection.Script CLAIM = RedisConnection.Script.of("""
            local seen = redis.call('GET', KEYS[1])
            if seen and (ARGV[1] <= seen or ARGV[2] == '0') then return 'duplicate' end
            if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[4]) then return 'claimed' end
            return 'busy'
            """);
    private static final RedisConnection.Script COMMIT = RedisConnection.Script.of("""
            local seen = redis.call('GET', KEYS[1])
            if (not seen) or ARGV[2] > seen then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
            if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) return 1 end
            return 0
            """);
    private static final RedisConnection.Script RELEASE = RedisConnection.Script.of("""
            if redis.call('GET', KEYS[2]) == ARGV[1] then return redis.call('DEL', KEYS[2]) end
            return 0
            """);
    /** Shifts epoch seconds so instants from year 1 onward are non-negative and sort as strings. */
    private static final long EPOCH_SHIFT = 62_135_596_800L;

    private final RedisConnection redis;
    private final Duration lease;
    private final Duration retention;

    RedisClaimStore(RedisConnection redis, Duration lease, Duration retention) {
        this.redis = redis;
        this.lease = lease;
        this.retention = retention;
    }

    /** A claim with the store's configured lease. */
    ClaimResult claim(String centreId, String dataId, Pubtime pubtime, boolean acceptsLater, String owner) {
        return claim(centreId, dataId, pubtime, acceptsLater, owner, lease);
    }

    @Override
    public ClaimResult claim(String centreId, String dataId, Pubtime pubtime, boolean acceptsLater, String owner,
            Duration lease) {
        Claim claim = new Claim(centreId, dataId, pubtime, owner + "|" + sortKey(pubtime.instant()) + "|"
                + UUID.randomUUID());
        long millis = Math.max(1, lease.toMillis());
        String result = redis.call("claim of " + dataId, r -> CLAIM.run(r, ScriptOutputType.VALUE, keys(claim),
                sortKey(pubtime.instant()), acceptsLater ? "1" : "0", claim.token(), Long.toString(millis)));
        return switch (result) {
            case "claimed" -> new ClaimResult.Claimed(claim);
            case "duplicate" -> new ClaimResult.Duplicate();
            case "busy" -> new ClaimResult.Busy();
            default -> throw new IllegalStateException("claim script answered " + result);
        };
    }

    @Override
    public void commit(Claim claim) {
        redis.call("commit of " + claim.dataId(), r -> COMMIT.<Long>run(r, ScriptOutputType.INTEGER, keys(claim),
                claim.token(), sortKey(claim.pubtime().instant()), Long.toString(retention.toMillis())));
    }

    @Override
    public void release(Claim claim) {
        redis.call("release of " + claim.dataId(), r ->
                RELEASE.<Long>run(r, ScriptOutputType.INTEGER, keys(claim), claim.token()));
    }

    private static String[] keys(Claim claim) {
        return new String[] {RedisKeys.seen(claim.centreId(), claim.dataId()),
                RedisKeys.claim(claim.centreId(), claim.dataId())};
    }

    /** A fixed-width decimal form of an instant whose string order is its time order. */
    static String sortKey(Instant instant) {
        return String.format("%012d%09d", instant.getEpochSecond() + EPOCH_SHIFT, instant.getNano());
    }
}
