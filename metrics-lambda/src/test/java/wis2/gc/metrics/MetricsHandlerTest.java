package wis2.gc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import wis2.gc.config.ConfigException;

class MetricsHandlerTest {

    private final MetricsHandler handler =
            new MetricsHandler(new MetricsEndpoint(() -> MetricSnapshots.of(), () -> { }));

    @Test
    void apiGatewayEvent_isAnsweredInTheFormatItsLowerCaseAcceptAsksFor() throws IOException {
        var response = handler.handleRequest(event("events/get-metrics.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders())
                .containsEntry("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.getBody()).isEqualTo("# EOF\n");
        assertThat(response.getIsBase64Encoded()).isFalse();
    }

    @Test
    void otherMethod_is405() throws IOException {
        var event = event("events/get-metrics.json").withHttpMethod("POST");

        var response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "GET");
    }

    @Test
    void eventWithoutHeaders_getsPrometheusText() {
        var event = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/metrics");

        var response = handler.handleRequest(event, null);

        assertThat(response.getHeaders()).containsEntry("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void header_isFoundWhateverItsCase() {
        assertThat(MetricsHandler.header(Map.of("ACCEPT", "a"), "Accept")).isEqualTo("a");
        assertThat(MetricsHandler.header(Map.of("x", "a"), "Accept")).isNull();
        assertThat(MetricsHandler.header(null, "Accept")).isNull();
    }

    @Test
    void fromEnvironment_withoutRegion_refusesToReadTheToken() {
        var env = Map.of("GC_REDIS_URL", "redis://127.0.0.1:1",
                "GC_REDIS_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:t");

        assertThatThrownBy(() -> MetricsHandler.fromEnvironment(env))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AWS_REGION");
    }

    private static APIGatewayProxyRequestEvent event(String resource) throws IOException {
        try (InputStream in = MetricsHandlerTest.class.getClassLoader().getResourceAsStream(resource)) {
            return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(in, APIGatewayProxyRequestEvent.class);
        }
    }
}
