package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import wis2.gc.config.ConfigException;
import wis2.gc.testing.Poll;

@ExtendWith(SharedServers.class)
class PahoPublisherIT {

    @Test
    void publish_overTls_trustingTheConfiguredCa(Servers servers) {
        String topic = "cache/a/wis2/tls-" + UUID.randomUUID() + "/data/core/x";
        try (PahoPublisher publisher =
                new PahoPublisher(servers.broker.tlsServerUri(), "gc-publisher", Servers.PUBLISHER_PASSWORD,
                Optional.of(PahoPublisher.trusting(servers.broker.caFile())), Duration.ofSeconds(3))) {
            publisher.publish(topic, "over tls".getBytes(StandardCharsets.US_ASCII));
        }
        Poll.until(Duration.ofSeconds(5), () -> servers.subscriber.on(topic).size() == 1, "the TLS publication");
    }

    @Test
    void publish_overTls_refusesAnUntrustedCertificate(Servers servers) {
        try (PahoPublisher publisher =
                new PahoPublisher(servers.broker.tlsServerUri(), "gc-publisher", Servers.PUBLISHER_PASSWORD,
                Optional.empty(), Duration.ofSeconds(3))) {
            assertThatThrownBy(() -> publisher.publish("cache/a/wis2/x/data/core/x", new byte[1]))
                    .isInstanceOf(PublishException.class).hasMessageContaining(servers.broker.tlsServerUri());
        }
    }

    @Test
    void publish_withAWrongPassword_isAPublishFault(Servers servers) {
        try (PahoPublisher publisher = new PahoPublisher(servers.broker.serverUri(), "gc-publisher", "wrong",
                Optional.empty(), Duration.ofSeconds(3))) {
            assertThatThrownBy(() -> publisher.publish("cache/a/wis2/x/data/core/x", new byte[1]))
                    .isInstanceOf(PublishException.class);
        }
    }

    @Test
    void publish_withNoTimeLeftInTheInvocation_isAPublishFault_andSendsNothing(Servers servers) {
        String topic = "cache/a/wis2/late-" + UUID.randomUUID() + "/data/core/x";
        try (PahoPublisher publisher =
                new PahoPublisher(servers.broker.serverUri(), "gc-publisher", Servers.PUBLISHER_PASSWORD,
                Optional.empty(), Duration.ofSeconds(3))) {
            assertThatThrownBy(() -> publisher.publish(topic, new byte[1], new Deadline(System.nanoTime() - 1)))
                    .isInstanceOf(PublishException.class).hasMessageContaining("no time left");
            publisher.publish(topic, "in time".getBytes(StandardCharsets.US_ASCII),
                    Deadline.after(Duration.ofSeconds(5)));
        }
        Poll.until(Duration.ofSeconds(5), () -> servers.subscriber.on(topic).size() == 1,
                "the one publication in time");
    }

    @Test
    void trusting_namesTheVariableForAFileWithoutCertificates(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
        assertThatThrownBy(() -> PahoPublisher.trusting(empty)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("GC_BROKER_CA_FILE");
        assertThat(TestConfig.config("GC_BROKER_CA_FILE", empty.toString()).brokerCaFile()).contains(empty);
        assertThatThrownBy(() -> TestConfig.config("GC_BROKER_CA_FILE", dir.resolve("missing.pem").toString()))
                .hasMessageContaining("GC_BROKER_CA_FILE");
    }
}
