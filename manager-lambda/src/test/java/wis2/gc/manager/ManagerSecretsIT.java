package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import wis2.gc.standins.StandIns;
import wis2.gc.config.ConfigException;

class ManagerSecretsIT {
    private static final String BROKER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gc-broker-AbCdEf";
    private static final String REDIS_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gc-redis-GhIjKl";

    private SecretsManagerStub stub;
    private SecretsManagerClient client;

    @BeforeEach
    void start() throws Exception {
        stub = new SecretsManagerStub();
        client = SecretsManagerClient.builder().endpointOverride(stub.endpoint()).region(StandIns.REGION)
                .credentialsProvider(StandIns.awsCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    private static ManagerConfig aws(String... more) {
        var env = TestConfig.env();
        env.remove("GC_BROKER_PASSWORD");
        env.put("GC_BROKER_PASSWORD_SECRET_ARN", BROKER_ARN);
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return ManagerConfig.fromEnvironment(env);
    }

    @Test
    void resolve_readsTheBrokerPasswordFromAJsonSecretAndTheRedisTokenAsPlainText() {
        stub.put(BROKER_ARN, "{\"username\":\"gc-publisher\",\"password\":\"s3cr3t\"}")
                .put(REDIS_ARN, "redis-token-123");

        ManagerSecrets secrets = ManagerSecrets.resolve(aws("GC_REDIS_TOKEN_SECRET_ARN", REDIS_ARN), client);

        assertThat(secrets.brokerPassword()).isEqualTo("s3cr3t");
        assertThat(secrets.redisToken()).contains("redis-token-123");
        assertThat(stub.requested).containsExactly(BROKER_ARN, REDIS_ARN);
    }

    @Test
    void resolve_takesAPlainSecretAsIs() {
        stub.put(BROKER_ARN, "plain-password");
        assertThat(ManagerSecrets.resolve(aws(), client))
                .isEqualTo(new ManagerSecrets("plain-password", Optional.empty()));
    }

    @Test
    void resolve_namesTheVariableWhenTheSecretIsMissingOrMalformed() {
        assertThatThrownBy(() -> ManagerSecrets.resolve(aws(), client)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("GC_BROKER_PASSWORD_SECRET_ARN").hasMessageContaining(BROKER_ARN);
        stub.put(BROKER_ARN, "{\"user\":\"x\"}");
        assertThatThrownBy(() -> ManagerSecrets.resolve(aws(), client)).hasMessageContaining("'password'");
    }

    @Test
    void resolve_usesALocalPasswordWithoutAskingSecretsManager() {
        assertThat(ManagerSecrets.resolve(TestConfig.config(), client).brokerPassword()).isEqualTo("secret");
        assertThat(stub.requested).isEmpty();
    }
}
