package wis2.gc.manager.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import wis2.gc.testing.MutableClock;

class OwnNetworkWatchTest {
    private final MutableClock clock = new MutableClock();
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
        clock.advance(Duration.ofSeconds(61));
        watch.unreachable("c.example");
        assertThat(watch.ownNetworkDown()).isFalse();
    }
}
