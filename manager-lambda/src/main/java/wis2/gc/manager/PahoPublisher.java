package wis2.gc.manager;

import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@link Publisher} on Paho MQTT 3.1.1: one connection kept across Lambda invocations and
 * opened lazily. When the connection is lost (broker restart, or a SnapStart restore that
 * froze the socket) the next publish reconnects first, so no CRaC hook is needed. TLS
 * ({@code ssl://}) uses the JVM's trust store with host name verification.
 *
 * <p>The client id is random per instance: concurrent Lambda instances must not take each
 * other's session, and a QoS 1 message whose ack is lost is retried by SQS with the same
 * republished id, which the Global Brokers drop as a copy.
 */
final class PahoPublisher implements Publisher, AutoCloseable {
    private final String url;
    private final String user;
    private final char[] password;
    private final long timeoutMillis;
    private MqttClient client;

    PahoPublisher(String url, String user, String password, Duration timeout) {
        this.url = url;
        this.user = user;
        this.password = password.toCharArray();
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void publish(String topic, byte[] payload) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        MqttClient c = null;
        try {
            c = connected();
            c.publish(topic, message);
        } catch (MqttException e) {
            if (c != null && !c.isConnected()) drop(c);
            throw new PublishException("cannot publish on " + topic + " at " + url + ": " + e.getMessage(), e);
        }
    }

    private synchronized void drop(MqttClient lost) {
        if (client == lost) disconnect();
    }

    private synchronized MqttClient connected() throws MqttException {
        if (client != null && client.isConnected()) return client;
        disconnect();
        MqttClient fresh = new MqttClient(url, "gc-manager-" + UUID.randomUUID(), new MemoryPersistence());
        fresh.setTimeToWait(timeoutMillis);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // reconnection happens on the next publish, on the caller's thread
        options.setConnectionTimeout((int) Math.max(1, timeoutMillis / 1000));
        options.setKeepAliveInterval(30);
        options.setMaxInflight(1000);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        try {
            fresh.connect(options);
        } catch (MqttException e) {
            closeQuietly(fresh);
            throw e;
        }
        client = fresh;
        return client;
    }

    private synchronized void disconnect() {
        if (client != null) {
            closeQuietly(client);
            client = null;
        }
    }

    private static void closeQuietly(MqttClient c) {
        try {
            if (c.isConnected()) c.disconnectForcibly(100, 100);
        } catch (MqttException ignored) {
            // the connection is being dropped anyway
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // nothing else holds it
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
