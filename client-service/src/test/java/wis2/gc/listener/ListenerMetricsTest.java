package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import wis2.gc.testing.MutableClock;

class ListenerMetricsTest {

    private final MutableClock clock = new MutableClock();
    private final ListenerMetrics metrics = new ListenerMetrics("gb-1", clock);

    @Test
    void render_showsCountersAndOnlyTheDropReasonsSeen() {
        metrics.received();
        metrics.received();
        metrics.forwarded(1);
        metrics.dropped(DropReason.TOO_LARGE);
        metrics.batchSent(Duration.ofMillis(20));
        clock.advance(Duration.ofMillis(1500));

        assertThat(metrics.render())
                .contains("# TYPE gc_listener_received_total counter\ngc_listener_received_total{broker=\"gb-1\"} 2\n")
                .contains("gc_listener_forwarded_total{broker=\"gb-1\"} 1\n")
                .contains("gc_listener_dropped_total{broker=\"gb-1\",reason=\"too-large\"} 1\n")
                .doesNotContain("reason=\"not-json\"")
                .contains("gc_listener_batch_latency_seconds_bucket{broker=\"gb-1\",le=\"0.01\"} 0\n")
                .contains("gc_listener_batch_latency_seconds_bucket{broker=\"gb-1\",le=\"0.025\"} 1\n")
                .contains("gc_listener_batch_latency_seconds_count{broker=\"gb-1\"} 1\n")
                .contains("gc_listener_last_message_age_seconds{broker=\"gb-1\"} 1.5\n")
                .contains("gc_listener_connected{broker=\"gb-1\"} 0\n");
    }

    @Test
    void lastMessageAge_isNegativeBeforeTheFirstMessage() {
        assertThat(metrics.lastMessageAgeSeconds()).isEqualTo(-1);
    }

    @Test
    void health_isUpWhileConnectedAndProgressing_andSaysWhyWhenDown() {
        Duration idle = Duration.ofMinutes(10);
        assertThat(metrics.health(idle).state()).isEqualTo("not-connected");
        assertThat(metrics.health(idle).up()).isFalse();

        metrics.connected(true);
        assertThat(metrics.health(idle)).extracting(ListenerMetrics.Health::up, ListenerMetrics.Health::state)
                .containsExactly(true, "idle");
        clock.advance(Duration.ofMinutes(5));
        metrics.forwarded(1);
        assertThat(metrics.health(idle).state()).isEqualTo("forwarding");

        // messages keep arriving but none reaches SQS: stalled once the tolerance has passed
        clock.advance(Duration.ofMinutes(9));
        metrics.received();
        assertThat(metrics.health(idle).up()).isTrue();
        clock.advance(Duration.ofMinutes(2));
        metrics.received();
        assertThat(metrics.health(idle)).extracting(ListenerMetrics.Health::up, ListenerMetrics.Health::state)
                .containsExactly(false, "stalled");

        // a drop on purpose is progress too
        metrics.dropped(DropReason.RECOMMENDED);
        assertThat(metrics.health(idle).up()).isTrue();

        metrics.subscriptions(java.util.List.of("cache/a/wis2/# (refused)"));
        assertThat(metrics.health(idle)).extracting(ListenerMetrics.Health::up, ListenerMetrics.Health::state)
                .containsExactly(false, "subscriptions-refused");
        assertThat(metrics.render()).contains("gc_listener_subscriptions_refused{broker=\"gb-1\"} 1\n",
                "gc_listener_subscription_failures_total{broker=\"gb-1\"} 1\n");
        metrics.subscriptions(java.util.List.of());
        assertThat(metrics.health(idle).up()).isTrue();
    }

    @Test
    void render_showsSessionLossesShortConnectionsAndReports() {
        metrics.sessionLost();
        metrics.shortConnection();
        metrics.reported(ListenerMetrics.ReportOutcome.PUBLISHED);
        metrics.forwarded(2);
        clock.advance(Duration.ofSeconds(3));

        assertThat(metrics.render())
                .contains("gc_listener_session_lost_total{broker=\"gb-1\"} 1\n")
                .contains("gc_listener_short_connections_total{broker=\"gb-1\"} 1\n")
                .contains("gc_listener_too_large_reports_total{broker=\"gb-1\",outcome=\"published\"} 1\n")
                .doesNotContain("outcome=\"failed\"")
                .contains("gc_listener_last_forward_age_seconds{broker=\"gb-1\"} 3\n");
    }
}
