package wis2.gc.manager;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import wis2.gc.config.ConfigException;

/**
 * The manager's secrets: the broker password and, optionally, the Redis AUTH token. In AWS
 * they are read once at cold start from Secrets Manager; a secret's string is used as it is,
 * or, when it is a JSON object (as CDK-generated secrets are), its {@code password} or
 * {@code token} field.
 */
public record ManagerSecrets(String brokerPassword, Optional<String> redisToken) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public ManagerSecrets {
        Objects.requireNonNull(brokerPassword, "brokerPassword");
        Objects.requireNonNull(redisToken, "redisToken");
    }

    @Override
    public String toString() {
        return "ManagerSecrets[brokerPassword=***, redisToken=" + redisToken.map(t -> "***").orElse("none") + "]";
    }

    /** The local-only secrets of the configuration ({@code GC_BROKER_PASSWORD}), no Redis token. */
    public static ManagerSecrets fromConfig(ManagerConfig config) {
        return new ManagerSecrets(config.brokerPassword().orElseThrow(
                () -> new ConfigException("GC_BROKER_PASSWORD",
                        "is not set (AWS deployments use GC_BROKER_PASSWORD_SECRET_ARN)")),
                Optional.empty());
    }

    /**
     * Reads the secrets named by the configuration; values given directly in the configuration
     * (local only) are used as they are.
     *
     * @throws ConfigException naming the variable whose secret cannot be read
     */
    public static ManagerSecrets resolve(ManagerConfig config, SecretsManagerClient secrets) {
        String password = config.brokerPassword().orElseGet(() ->
                read(secrets, config.brokerPasswordSecretArn().orElseThrow(), "GC_BROKER_PASSWORD_SECRET_ARN",
                "password"));
        Optional<String> token = config.redisTokenSecretArn()
                .map(arn -> read(secrets, arn, "GC_REDIS_TOKEN_SECRET_ARN", "token"));
        return new ManagerSecrets(password, token);
    }

    private static String read(SecretsManagerClient secrets, String arn, String variable, String field) {
        String value;
        try {
            value = secrets.getSecretValue(b -> b.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new ConfigException(variable, "cannot read secret " + arn + ": " + e.getMessage(), e);
        }
        if (value == null || value.isEmpty()) {
            throw new ConfigException(variable, "secret " + arn + " has no string value");
        }
        if (value.strip().startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(value).get(field);
                if (node == null || !node.isString()) {
                    throw new ConfigException(variable, "secret " + arn + " is a JSON object without a '" + field
                            + "' string");
                }
                return node.asString();
            } catch (tools.jackson.core.JacksonException e) {
                return value; // not JSON after all: a password may start with '{'
            }
        }
        return value;
    }
}
