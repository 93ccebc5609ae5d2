package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import wis2.gc.model.MonitoringEvent;
import wis2.gc.testing.Wnm;
import wis2.gc.testing.MutableClock;

class TooLargeReportsTest {

    private static ListenerConfig config() {
        return ListenerConfig.builder()
                .centreId("xx-test-global-cache")
                .brokerName("gb-1")
                .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL", "mqtt://127.0.0.1:1"))
                .queueUrl(URI.create("http://127.0.0.1:1/q.fifo"))
                .region("us-east-1")
                .maxMessageBytes(4096)
                .build();
    }

    @Test
    void event_saysWhichNotificationTheCacheCouldNotTake_aboutItsSourceCentre() {
        MutableClock clock = new MutableClock();
        ListenerMetrics metrics = new ListenerMetrics("gb-1", clock);
        try (TooLargeReports reports = new TooLargeReports(config(), metrics,
                new ThrottledLog(LoggerFactory.getLogger("test"), clock, Duration.ofMinutes(1)), clock)) {
            byte[] payload = Wnm.resource("wnm-example1.json").id("6f9b1b8e-0000-4000-8000-000000000001")
                    .dataId("big/granule.bufr4").bytes();

            JsonNode event = new ObjectMapper().readTree(reports.event(TriageTest.CORE_TOPIC, payload, 9999));

            assertThat(event.path("source").asString()).isEqualTo("xx-test-global-cache");
            assertThat(event.path("subject").asString()).isEqualTo("ca-eccc-msc");
            assertThat(event.toString()).contains("too large", "6f9b1b8e-0000-4000-8000-000000000001",
                    "big/granule.bufr4", "9999 bytes", "at most 4096 bytes", "gb-1");
            assertThat(MonitoringEvent.topic("ca-eccc-msc")).isEqualTo("monitor/a/wis2/ca-eccc-msc");
        }
    }

    @Test
    void offer_withoutACacheBroker_isCountedAsUnconfigured() {
        MutableClock clock = new MutableClock();
        ListenerMetrics metrics = new ListenerMetrics("gb-1", clock);
        try (TooLargeReports reports = new TooLargeReports(config(), metrics,
                new ThrottledLog(LoggerFactory.getLogger("test"), clock, Duration.ofMinutes(1)), clock)) {
            reports.offer(TriageTest.CORE_TOPIC, "{}".getBytes(StandardCharsets.UTF_8), 5000);

            assertThat(metrics.reportCount(ListenerMetrics.ReportOutcome.UNCONFIGURED)).isEqualTo(1);
        }
    }
}
