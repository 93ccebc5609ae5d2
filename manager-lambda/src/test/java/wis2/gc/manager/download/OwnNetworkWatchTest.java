package wis2.gc.manager.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class OwnNetworkWatchTest {
    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Manual clock = new Manual();
    private final OwnNetworkWatch watch = new OwnNetworkWatch(3, Duration.ofSeconds(60), clock);

    @Test
    void ownNetworkDown_afterEnoughDistinctHostsFailedWithNoneReached() {
        watch.unreachable("a.example");
        watch.unreachable("a.example"); // the same host again is still one host
        watch.unreachable("b.example");
        assertThat(watch.ownNetworkDown()).isFalse();
        watch.unreachable("c.example");
        assertThat(watch.ownNetworkDown()).isTrue();
    }

    @Test
    void ownNetworkDown_isOverOnceAnyHostIsReached() {
        watch.unreachable("a.example");
        watch.unreachable("b.example");
        watch.unreachable("c.example");
        watch.reached();
        assertThat(watch.ownNetworkDown()).isFalse();
        watch.unreachable("d.example");
        assertThat(watch.ownNetworkDown()).isFalse();
    }

    @Test
    void ownNetworkDown_countsOnlyFailuresWithinTheWindow() {
        watch.unreachable("a.example");
        watch.unreachable("b.example");
        clock.now = clock.now.plusSeconds(61);
        watch.unreachable("c.example");
        assertThat(watch.ownNetworkDown()).isFalse();
    }
}
