package wis2.gc.standins;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Paho MQTT 3.1.1 clients for the broker tests, collecting what they receive. */
final class MqttClients {

    record Received(String topic, String payload) {
    }

    /** A connected client, whether the broker still had its session, and the messages it received, in order. */
    record Client(MqttClient paho, boolean sessionPresent, BlockingQueue<Received> inbox,
            BlockingQueue<Throwable> lost) implements AutoCloseable {

        void publish(String topic, String payload) throws MqttException {
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            paho.publish(topic, message);
        }

        Received next() throws InterruptedException {
            return inbox.poll(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws MqttException {
            if (paho.isConnected()) {
                paho.disconnect(2_000);
            }
            paho.close(true);
        }
    }

    private MqttClients() {
    }

    static MqttConnectOptions options(String user, String password, boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        // Paho frees an in-flight slot only after it has woken the publisher, so a tight loop of
        // synchronous QoS 1 publishes can hit the default limit of 10 ("Too many publishes in progress")
        options.setMaxInflight(1000);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    static Client connect(String serverUri, String clientId, MqttConnectOptions options) throws MqttException {
        MqttClient paho = new MqttClient(serverUri, clientId, new MemoryPersistence());
        paho.setTimeToWait(10_000);
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();
        paho.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.add(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        boolean sessionPresent;
        try {
            sessionPresent = paho.connectWithResult(options).getSessionPresent();
        } catch (MqttException e) {
            paho.close(true);
            throw e;
        }
        return new Client(paho, sessionPresent, inbox, lost);
    }

    static Client connect(String serverUri, String clientId, String user, String password) throws MqttException {
        return connect(serverUri, clientId, options(user, password, true));
    }
}
