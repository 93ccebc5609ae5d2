package wis2.gc.manager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import javax.net.ssl.SSLSocketFactory;
import wis2.gc.tls.InvalidCaFileException;
import wis2.gc.tls.PemTrust;
import wis2.gc.config.ConfigException;

/**
 * {@link Publisher} on Paho MQTT 3.1.1: one connection kept across Lambda invocations and
 * opened lazily. When the connection is lost (broker restart, or a SnapStart restore that
 * froze the socket) the next publish reconnects first; the manager also drops it before a
 * snapshot. TLS ({@code ssl://}) verifies host names and trusts the JVM's trust store, or only the CAs of
 * {@code GC_BROKER_CA_FILE}.
 *
 * <p>The password is taken from the {@link SecretSource} at each connect. When the broker
 * refuses it (bad user name or password, not authorised: the password was rotated), the
 * secrets are read again and the publish is tried once more; a refusal of that one is a fault.
 *
 * <p>The client id is random per instance: concurrent Lambda instances must not take each
 * other's session, and a QoS 1 message whose ack is lost is retried by SQS with the same
 * republished id, which the Global Brokers drop as a copy.
 */
final class PahoPublisher implements Publisher, AutoCloseable {
    private final String url;
    private final String user;
    private final SecretSource secrets;
    private final Optional<SSLSocketFactory> tls;
    private final long timeoutMillis;
    private final ReentrantLock sending = new ReentrantLock();
    private MqttClient client;

    /**
     * @param tls the socket factory for {@code ssl://} when the JVM's trust store is not the one
     *            to use (see {@link #trusting(Path)}); empty for the JVM's default
     */
    PahoPublisher(String url, String user, SecretSource secrets, Optional<SSLSocketFactory> tls, Duration timeout) {
        this.url = url;
        this.user = user;
        this.secrets = secrets;
        this.tls = tls;
        this.timeoutMillis = timeout.toMillis();
    }

    /** A publisher whose password never changes. */
    PahoPublisher(String url, String user, String password, Optional<SSLSocketFactory> tls, Duration timeout) {
        this(url, user, SecretSource.fixed(new ManagerSecrets(password, Optional.empty())), tls, timeout);
    }

    /** TLS that trusts exactly the CA certificates of a PEM file (host names are still verified). */
    static SSLSocketFactory trusting(Path caPem) {
        try {
            return PemTrust.socketFactory(caPem);
        } catch (InvalidCaFileException e) {
            throw new ConfigException("GC_BROKER_CA_FILE", e.getMessage(), e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload) {
        publish(topic, payload, Deadline.NONE);
    }

    @Override
    public void publish(String topic, byte[] payload, Deadline by) {
        if (by.expired()) {
            throw new PublishException("no time left in the invocation to publish on " + topic, null);
        }
        ManagerSecrets used = secrets.current();
        try {
            attempt(topic, payload, by);
        } catch (PublishException e) {
            // a refused CONNECT published nothing, so trying again cannot send a message twice
            if (!authRefused(e) || !secrets.refresh(used)) {
                throw e;
            }
            attempt(topic, payload, by);
        }
    }

    /** Opens the connection now, publishing nothing (priming before a snapshot). */
    void connect() {
        try {
            connected();
        } catch (MqttException e) {
            throw new PublishException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    /** True when the broker refused the credentials at CONNECT. */
    static boolean authRefused(PublishException e) {
        return e.getCause() instanceof MqttException m
                && (m.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || m.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    private void attempt(String topic, byte[] payload, Deadline by) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        MqttClient c = null;
        try {
            c = connected();
            long wait = Math.min(timeoutMillis, by.remainingMillisForTimeout());
            MqttDeliveryToken token = send(c, topic, message);
            token.waitForCompletion(wait);
            if (!token.isComplete()) {
                throw new PublishException("no PUBACK from " + url + " within " + wait + " ms for " + topic, null);
            }
        } catch (MqttException e) {
            if (c != null && !c.isConnected()) {
                drop(c);
            }
            throw new PublishException("cannot publish on " + topic + " at " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hands the message to Paho, one caller at a time: the records of a batch publish at once,
     * and Paho's queue monitor, contended by all of them and its sender thread, spins; behind a
     * lock the others park instead. Only the hand-over is serialised: each caller then waits for
     * its own PUBACK while the others' messages are in flight.
     */
    private MqttDeliveryToken send(MqttClient c, String topic, MqttMessage message) throws MqttException {
        sending.lock();
        try {
            return c.getTopic(topic).publish(message);
        } finally {
            sending.unlock();
        }
    }

    private synchronized void drop(MqttClient lost) {
        if (client == lost) {
            disconnect();
        }
    }

    private synchronized MqttClient connected() throws MqttException {
        if (client != null && client.isConnected()) {
            return client;
        }
        disconnect();
        MqttClient fresh = new MqttClient(url, "gc-manager-" + UUID.randomUUID(), new MemoryPersistence());
        fresh.setTimeToWait(timeoutMillis);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(secrets.current().brokerPassword().toCharArray());
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // reconnection happens on the next publish, on the caller's thread
        options.setConnectionTimeout((int) Math.max(1, timeoutMillis / 1000));
        options.setKeepAliveInterval(30);
        options.setMaxInflight(1000);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setHttpsHostnameVerificationEnabled(true);
        tls.ifPresent(options::setSocketFactory);
        try {
            fresh.connect(options);
        } catch (MqttException e) {
            closeQuietly(fresh);
            throw e;
        }
        client = fresh;
        return client;
    }

    /** Drops the connection (before a SnapStart snapshot); the next publish opens a fresh one. */
    synchronized void disconnect() {
        if (client != null) {
            closeQuietly(client);
            client = null;
        }
    }

    private static void closeQuietly(MqttClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(100, 100);
            }
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
