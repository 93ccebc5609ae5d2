package wis2.gc.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import java.util.Optional;

/**
 * The API Gateway (REST, proxy integration) entry point of {@code GET /metrics}. Everything it
 * needs is built once per container; each invocation only translates the event.
 */
public final class MetricsHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final MetricsEndpoint endpoint;

    /** Used by the Lambda runtime: configuration from the environment, token from Secrets Manager. */
    public MetricsHandler() {
        this(fromEnvironment(System.getenv()));
    }

    /** Serves requests with the given endpoint. */
    public MetricsHandler(MetricsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        var response = endpoint.handle(request.getHttpMethod(), request.getPath(),
                header(request.getHeaders(), "Accept"));
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false);
    }

    static MetricsEndpoint fromEnvironment(Map<String, String> env) {
        var config = MetricsConfig.fromEnvironment(env);
        Optional<String> token = config.tokenSecretArn().map(arn -> {
            try (var secrets = RedisTokenSecret.client(env)) {
                return RedisTokenSecret.read(secrets, arn);
            }
        });
        return MetricsEndpoint.connect(config, token);
    }

    /** HTTP header names are case-insensitive, and API Gateway passes them on as the client wrote them. */
    static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
