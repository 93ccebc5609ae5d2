package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
