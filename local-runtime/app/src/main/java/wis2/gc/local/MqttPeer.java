package wis2.gc.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An outside MQTT client of the local cache or a Global Broker, for the demo, the bench and the
 * end-to-end tests: publishes with QoS 1 and keeps what arrives on its subscriptions.
 */
public final class MqttPeer implements AutoCloseable {
    /** QoS 1 publications a peer has unacknowledged at most; Paho refuses one more. */
    public static final int MAX_IN_FLIGHT = 2000;
    /** One message as it arrived, with the moment of arrival. */
    public record Received(String topic, byte[] payload, long nanoTime) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final long WAIT_MS = Duration.ofSeconds(10).toMillis();
    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<Received> listener = r -> { };

    private MqttPeer(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects to {@code serverUri} (tcp://host:port); user may be null for anonymous brokers. */
    public static MqttPeer connect(String serverUri, String user, String password) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(serverUri, "gc-peer-" + UUID.randomUUID(),
                    new MemoryPersistence());
            MqttPeer peer = new MqttPeer(client);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    // the demo and the tests notice missing messages; nothing to repair here
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    Received r = new Received(topic, message.getPayload(), System.nanoTime());
                    peer.received.add(r);
                    peer.listener.accept(r);
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(MAX_IN_FLIGHT);
            options.setConnectionTimeout(10);
            options.setAutomaticReconnect(false);
            if (user != null) {
                options.setUserName(user);
                options.setPassword(password.toCharArray());
            }
            client.connect(options).waitForCompletion(WAIT_MS);
            return peer;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to " + serverUri + " as "
                    + (user == null ? "anonymous" : user)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Subscribes with QoS 1; the granted QoS comes back (128 means refused). */
    public int subscribe(String filter) throws MqttException {
        IMqttToken token = client.subscribe(filter, 1);
        token.waitForCompletion(WAIT_MS);
        return token.getGrantedQos()[0];
    }

    /** Publishes with QoS 1 and waits for the broker's acknowledgement. */
    public void publish(String topic, byte[] payload) throws MqttException {
        publishAsync(topic, payload).waitForCompletion(WAIT_MS);
    }

    /** Publishes with QoS 1 without waiting; the token completes at the broker's acknowledgement. */
    public IMqttToken publishAsync(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        return client.publish(topic, m);
    }

    /** Called for every message as it arrives (after it is recorded). */
    public void onMessage(Consumer<Received> listener) {
        this.listener = listener;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Predicate<Received> which) {
        return received.stream().filter(which).toList();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(WAIT_MS);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
