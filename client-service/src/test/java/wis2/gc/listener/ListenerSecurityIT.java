package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import wis2.gc.config.ConfigException;
import wis2.gc.testing.Poll;

/** A Global Broker that wants TLS and a password, as the real ones do. */
@ExtendWith(RigResolver.class)
class ListenerSecurityIT {

    private static Rig rig;

    @BeforeAll
    static void shareServers(Rig shared) {
        rig = shared;
    }

    @Test
    void forwardsOverTlsWithTheCredentialsOfTheUrl() throws Exception {
        String queue = rig.newQueue("tls");
        ListenerConfig.Builder env = rig.config("c-tls", "gb-tls", queue)
                .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL", "mqtts://" + Rig.READER + ":"
                        + Rig.READER_PASSWORD + "@127.0.0.1:" + rig.broker.tlsPort().orElseThrow()))
                .caFile(Optional.of(rig.broker.caFile()));

        try (Listener listener = Listener.start(env.build(), rig.sqs)) {
            Poll.until(Duration.ofSeconds(20), listener::isConnected, "a TLS connection");
            rig.publish(Rig.notifications("c-tls", 3));

            assertThat(rig.awaitQueued(queue, 3)).isEqualTo(3);
        }
    }

    @Test
    void caFileWithoutCertificate_refusesToStart_namingGcCaFile(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("ca.pem"), "no certificate here\n");
        Map<String, String> env = rig.env("c-badca", "gb-badca", rig.newQueue("badca"),
                "GC_BROKER_URL", "mqtts://127.0.0.1:" + rig.broker.tlsPort().orElseThrow(),
                "GC_CA_FILE", text.toString());

        assertThatThrownBy(() -> Listener.start(ListenerConfig.fromEnvironment(env), rig.sqs).close())
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.variable()).isEqualTo("GC_CA_FILE"))
                .hasMessage("GC_CA_FILE: CA file " + text + " holds no PEM certificate");
    }

    @Test
    void refusedCredentialsAreNotRetriedInALoop() throws Exception {
        String queue = rig.newQueue("refused");
        ListenerConfig.Builder env = rig.config("c-refused", "gb-refused", queue)
                .broker(ListenerConfig.BrokerAddress.parse("GC_BROKER_URL",
                        "mqtt://" + Rig.READER + ":wrong-password@127.0.0.1:" + rig.broker.port()))
                .reconnectMax(Duration.ofSeconds(60));

        try (Listener listener = Listener.start(env.build(), rig.sqs)) {
            Poll.until(Duration.ofSeconds(20), () -> listener.metrics().authFailureCount() == 1, "the refusal");
            // a hot loop would have retried many times by now; the backoff waits a full minute
            Thread.sleep(1_500);

            assertThat(listener.metrics().authFailureCount()).isEqualTo(1);
            assertThat(listener.isConnected()).isFalse();
            assertThat(listener.metricsText())
                    .contains("gc_listener_connect_failures_total{broker=\"gb-refused\",cause=\"credentials-refused"
                    + "\"} 1\n");
        }
    }
}
