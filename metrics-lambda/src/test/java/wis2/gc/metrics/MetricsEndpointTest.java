package wis2.gc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private static final MetricSnapshots ONE_GAUGE = MetricSnapshots.of(GaugeSnapshot.builder()
            .name("wmo_wis2_gc_dataserver_status_flag").help("Status")
            .dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("dataserver", "h")).value(1).build())
            .build());

    private final MetricsEndpoint endpoint = new MetricsEndpoint(() -> ONE_GAUGE, () -> { });

    @Test
    void get_rendersPrometheusTextByDefault() {
        var response = endpoint.handle("GET", "/metrics", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("wmo_wis2_gc_dataserver_status_flag{dataserver=\"h\"} 1");
    }

    @Test
    void get_rendersOpenMetricsWhenAccepted() {
        var response = endpoint.handle("GET", "/metrics", "application/openmetrics-text; version=1.0.0");

        assertThat(response.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).endsWith("# EOF\n");
    }

    @Test
    void otherPaths_are404() {
        for (String path : new String[] {"/", "/metrics/", "/metrics/x", "/METRICS", "", null}) {
            var response = endpoint.handle("GET", path, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).isEqualTo("not found\n");
        }
    }

    @Test
    void otherMethods_are405WithAllow() {
        for (String method : new String[] {"POST", "PUT", "DELETE", "HEAD", "get", null}) {
            var response = endpoint.handle(method, "/metrics", null);
            assertThat(response.status()).as(method).isEqualTo(405);
            assertThat(response.headers()).containsEntry("Allow", "GET");
        }
    }

    @Test
    void storeUnavailable_is503WithOnePlainLine_andNothingInternal() {
        var down = new MetricsEndpoint(() -> {
            throw new MetricsUnavailableException("Redis unreachable",
                    new ConnectException("Connection refused: redis.internal.example/10.0.0.7:6379"));
        }, () -> { });

        var response = down.handle("GET", "/metrics", null);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("metrics store unavailable\n");
    }

    @Test
    void unexpectedFailure_is500WithoutDetail() {
        var broken = new MetricsEndpoint(() -> {
            throw new IllegalStateException("secret detail at wis2.gc.metrics.Foo");
        }, () -> { });

        var response = broken.handle("GET", "/metrics", null);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("internal error\n");
    }

    @Test
    void response_requiresContentType() {
        assertThatThrownBy(() -> new MetricsEndpoint.Response(200, Map.of(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
