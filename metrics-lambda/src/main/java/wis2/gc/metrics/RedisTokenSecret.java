package wis2.gc.metrics;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import wis2.gc.config.ConfigException;

/** The Redis AUTH token, read from Secrets Manager once per container (never from the environment). */
final class RedisTokenSecret {

    private RedisTokenSecret() {
    }

    /** A client for the Lambda's own region and credentials, both named explicitly so nothing is probed. */
    static SecretsManagerClient client(Map<String, String> env) {
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new ConfigException("AWS_REGION", "is required to read GC_REDIS_TOKEN_SECRET_ARN");
        }
        return SecretsManagerClient.builder()
                .region(Region.of(region))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** The secret's string value, which is the token itself. */
    static String read(SecretsManagerClient client, String arn) {
        String token;
        try {
            token = client.getSecretValue(r -> r.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new SecretUnavailableException("cannot read secret " + arn, e);
        }
        if (token == null || token.isBlank()) {
            throw new SecretUnavailableException("secret " + arn + " has no string value", null);
        }
        return token.strip();
    }
}
