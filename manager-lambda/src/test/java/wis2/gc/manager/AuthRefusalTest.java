package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

class AuthRefusalTest {

    private static RedisFailureException redis(Throwable cause) {
        return new RedisFailureException("Redis failed during claim of x: " + cause.getMessage(), cause);
    }

    @Test
    void redis_wrongPasswordOrNoAuth_atConnectOrOnACommand_isARefusal() {
        assertThat(RedisConnection.authRefused(redis(new RedisConnectionException("Unable to connect to 127.0.0.1:6379",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.")))))
                .isTrue();
        assertThat(RedisConnection.authRefused(
                redis(new RedisCommandExecutionException("NOAUTH Authentication required.")))).isTrue();
        assertThat(RedisConnection.authRefused(redis(new RedisCommandExecutionException("ERR invalid password"))))
                .isTrue();
    }

    @Test
    void redis_otherFailures_areNoRefusal() {
        assertThat(RedisConnection.authRefused(
                redis(new RedisConnectionException("Unable to connect to 127.0.0.1:6379")))).isFalse();
        assertThat(RedisConnection.authRefused(redis(new RedisCommandExecutionException("OOM command not allowed"))))
                .isFalse();
    }

    @Test
    void broker_badCredentialsOrNotAuthorised_isARefusal_otherFailuresAreNot() {
        assertThat(PahoPublisher.authRefused(
                new PublishException("x", new MqttException(MqttException.REASON_CODE_FAILED_AUTHENTICATION))))
                .isTrue();
        assertThat(PahoPublisher.authRefused(
                new PublishException("x", new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED)))).isTrue();
        assertThat(PahoPublisher.authRefused(
                new PublishException("x", new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT)))).isFalse();
        assertThat(PahoPublisher.authRefused(
                new PublishException("x", new MqttException(MqttException.REASON_CODE_CONNECTION_LOST)))).isFalse();
    }
}
