package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MAX = Duration.ofSeconds(60);
    private static final Duration STABLE = Duration.ofSeconds(60);

    private static ReconnectPolicy policy(long seed) {
        return new ReconnectPolicy(Duration.ofMillis(250), MAX, STABLE, new Random(seed));
    }

    @Test
    void lost_neverReconnectsAtOnce_andAfterAStableConnectionStartsFromTheFirstStep() {
        ReconnectPolicy policy = policy(1);
        policy.connected(T0);

        ReconnectPolicy.Pause pause = policy.lost(T0.plus(Duration.ofMinutes(5)));

        assertThat(pause.shortLived()).isFalse();
        assertThat(pause.delay().toMillis()).isBetween(125L, 250L);
    }

    @Test
    void lost_shortLivedConnectionsKeepTheBackoffGrowing_andFlappingGoesPastTheCeiling() {
        ReconnectPolicy policy = policy(2);
        Instant now = T0;
        long previousBound = 0;
        for (int i = 0; i < 12; i++) {
            policy.connected(now);
            now = now.plusSeconds(1);
            ReconnectPolicy.Pause pause = policy.lost(now);
            assertThat(pause.shortLived()).isTrue();
            now = now.plus(pause.delay());
            previousBound = Math.max(previousBound, pause.delay().toMillis());
        }
        // twelve connections of a second each: the pause has reached the flapping ceiling's range
        assertThat(previousBound).isGreaterThan(MAX.toMillis() * ReconnectPolicy.FLAP_CEILING_FACTOR / 2)
                .isLessThanOrEqualTo(MAX.toMillis() * ReconnectPolicy.FLAP_CEILING_FACTOR);

        policy.connected(now);
        ReconnectPolicy.Pause afterStable = policy.lost(now.plus(STABLE));
        assertThat(afterStable.shortLived()).isFalse();
        assertThat(afterStable.delay().toMillis()).isBetween(125L, 250L);
    }

    @Test
    void failed_attemptsBackOffUpToTheCeiling() {
        ReconnectPolicy policy = policy(3);
        Duration last = Duration.ZERO;
        for (int i = 0; i < 20; i++) {
            last = policy.failed();
        }
        assertThat(last.toMillis()).isBetween(MAX.toMillis() / 2, MAX.toMillis());
    }

    /**
     * Two listeners sharing one client id, simulated for three hours: a connect takes the
     * session from the other, which is told it lost its connection. They settle to one owner:
     * after the first minutes, takeovers are rare (at most one pair per flapping pause).
     */
    @Test
    void twoClientsWithOneId_settleToOneOwnerAfterAFewTakeovers() {
        for (long seed = 0; seed < 20; seed++) {
            ReconnectPolicy[] policies = {policy(seed), policy(seed + 100)};
            Instant[] nextAttempt = {T0, T0.plusSeconds(30)};
            int owner = -1;
            int takeovers = 0;
            int lateTakeovers = 0;
            Instant end = T0.plus(Duration.ofHours(3));
            while (true) {
                int next = nextAttempt[0] == null ? 1 : nextAttempt[1] == null ? 0
                        : nextAttempt[0].isAfter(nextAttempt[1]) ? 1 : 0;
                Instant now = nextAttempt[next];
                if (now == null || now.isAfter(end)) {
                    break;
                }
                nextAttempt[next] = null;
                policies[next].connected(now);
                if (owner >= 0 && owner != next) {
                    takeovers++;
                    if (now.isAfter(T0.plus(Duration.ofHours(1)))) {
                        lateTakeovers++;
                    }
                    nextAttempt[owner] = now.plus(policies[owner].lost(now).delay());
                }
                owner = next;
            }
            // without the policy (reconnect at once) they would take it from each other without end
            assertThat(takeovers).as("seed " + seed).isLessThanOrEqualTo(24);
            // the later two hours: at most a pair per flapping pause (30-60 minutes by then)
            assertThat(lateTakeovers).as("seed " + seed).isLessThanOrEqualTo(8);
        }
    }
}
