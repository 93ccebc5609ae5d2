package wis2.gc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Against a loopback server that answers GetSecretValue the way Secrets Manager does. */
class RedisTokenSecretIT {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:redis-token-AbCdEf";

    private HttpServer server;
    private SecretsManagerClient client;
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = SecretsManagerClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void read_returnsTheSecretString() {
        answer = "{\"ARN\":\"" + ARN
                + "\",\"Name\":\"redis-token\",\"SecretString\":\"t0ken-value\\n\",\"VersionId\":\"v1\"}";

        assertThat(RedisTokenSecret.read(client, ARN)).isEqualTo("t0ken-value");
        assertThat(requestBody.get()).contains(ARN);
    }

    @Test
    void read_namesTheArn_butNotTheValue_whenTheSecretIsEmpty() {
        answer = "{\"ARN\":\"" + ARN + "\",\"Name\":\"redis-token\",\"SecretBinary\":\"AAEC\"}";

        assertThatThrownBy(() -> RedisTokenSecret.read(client, ARN))
                .isInstanceOf(SecretUnavailableException.class).hasMessageContaining(ARN);
    }

    @Test
    void read_failsClearly_whenSecretsManagerRefuses() {
        status = 400;
        answer = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified "
                + "secret.\"}";

        assertThatThrownBy(() -> RedisTokenSecret.read(client, ARN))
                .isInstanceOf(SecretUnavailableException.class).hasMessage("cannot read secret " + ARN);
    }
}
