package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.testing.Poll;

/** The one-machine Global Broker keeps a whole benchmark burst, past the usual queue of 1000. */
class GlobalBrokerStandInIT {

    private static final int BURST = 1500;

    @Test
    void keepsMoreThanTheUsualThousandMessagesForAnAbsentSession() throws Exception {
        try (EmbeddedBroker gb = LocalCache.globalBroker(0)) {
            AtomicInteger received = new AtomicInteger();
            MqttClient listener = new MqttClient(gb.serverUri(), "gc-listener", new MemoryPersistence());
            listener.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.incrementAndGet();
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions durable = new MqttConnectOptions();
            durable.setCleanSession(false);
            listener.connect(durable);
            listener.subscribe("origin/#", 1);
            listener.disconnect();

            try (MqttPeer node = MqttPeer.connect(gb.serverUri(), null, null)) {
                for (int i = 0; i < BURST; i++) {
                    node.publish("origin/a/wis2/xx-node/data/core/burst", ("message " + i)
                            .getBytes(StandardCharsets.UTF_8));
                }
            }

            listener.connect(durable);
            try {
                Poll.until(Duration.ofSeconds(30), () -> received.get() >= BURST, "the whole burst");
                assertThat(received.get()).isEqualTo(BURST);
            } finally {
                listener.disconnect();
                listener.close();
            }
        }
    }
}
