package wis2.gc.listener;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The MQTT side: one Paho client with a persistent session ({@code cleanSession=false}, stable
 * client id) and manual acknowledgements, kept connected by a supervisor thread.
 *
 * <h2>Flow control without blocking Paho</h2>
 * Paho calls {@link #messageArrived} on one thread, fed by the thread that reads the socket; if
 * that thread stalls, keep-alive answers go unread and the connection drops. So the callback
 * never waits: it triages the message and offers it to the {@link Forwarder}. The number of
 * unacknowledged messages the broker sends is bounded by its own in-flight window (Paho's
 * {@code maxInflight} only limits what the client publishes), so while SQS is down the broker
 * simply stops delivering once its window is full, and resumes as acknowledgements flow again.
 * Should the window exceed the forwarder's capacity, a message that does not fit is left
 * unacknowledged (its ticket withdrawn, so the others are still acknowledged) and, once the
 * queue has drained, the connection is re-established: the broker re-sends every
 * unacknowledged message of the session. Each such round forwards at least a queue's worth.
 */
final class MqttIntake implements MqttCallback, AutoCloseable {

    private static final Logger LOG = System.getLogger(MqttIntake.class.getName());
    private static final int QOS = 1;
    private static final Duration RECONNECT_INITIAL = Duration.ofMillis(250);

    private final ListenerConfig config;
    private final Triage triage;
    private final Forwarder forwarder;
    private final ListenerMetrics metrics;
    private final ThrottledLog log;
    private final Clock clock;
    private final Backoff backoff;
    private final MqttClient client;
    private final SSLSocketFactory tls;
    private final Object signal = new Object();
    private final Thread supervisor;
    private final FeedObserver observer; // backfill hook (issue 14)
    private volatile AckSequencer sequencer = new AckSequencer((id, qos) -> { });
    private volatile boolean receiving = true;
    private volatile boolean running = true;
    private volatile boolean resync;

    MqttIntake(ListenerConfig config, Forwarder forwarder, ListenerMetrics metrics, ThrottledLog log, Clock clock,
               RandomGenerator random, FeedObserver observer) {
        this.config = config;
        this.observer = observer;
        this.triage = new Triage(config.centreId(), config.maxPayloadBytes());
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        this.backoff = new Backoff(RECONNECT_INITIAL, config.reconnectMax(), random);
        this.tls = config.caFile().map(MqttIntake::trusting).orElse(null);
        try {
            client = new MqttClient(config.serverUri(), config.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create the MQTT client for " + config.serverUri(), e);
        }
        client.setManualAcks(true);
        client.setCallback(this);
        client.setTimeToWait(10_000);
        supervisor = Thread.ofPlatform().name("mqtt-" + config.brokerName()).daemon().unstarted(this::supervise);
    }

    void start() {
        supervisor.start();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        AckSequencer current = sequencer;
        if (!receiving || !current.isOpen()) {
            return; // left unacknowledged: the broker re-sends it on the next connection
        }
        metrics.received();
        byte[] payload = message.getPayload();
        AckSequencer.Ticket ticket = current.register(message.getId(), message.getQos());
        switch (triage.examine(topic, payload)) {
            case Triage.Drop drop -> {
                metrics.dropped(drop.reason());
                log.log(Level.INFO, "drop-" + drop.reason().label(),
                        "dropped a message (" + drop.reason().label() + ") on " + topic);
                ticket.complete();
            }
            case Triage.Forward forward -> {
                if (!forwarder.offer(Inbound.of(topic, payload, forward, clock.instant(), ticket))) {
                    current.withdraw(ticket);
                    metrics.overflowed();
                    log.log(Level.WARNING, "overflow", "the forwarding queue is full (" + config.maxPending()
                            + "); will reconnect once it has drained, so the broker re-sends what is unacknowledged");
                    resync = true;
                }
            }
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        sequencer.close();
        metrics.connected(false);
        observer.disconnected(); // backfill hook
        log.log(Level.WARNING, "connection-lost", "lost the connection to " + config.brokerName() + ": " + cause);
        wake();
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // this client never publishes
    }

    /** Stop taking messages; those that keep arriving stay unacknowledged for the next session. */
    void stopReceiving() {
        receiving = false;
    }

    /** Disconnects (after the acknowledgements already handed to Paho are written) and closes. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            supervisor.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(5_000); // the quiesce time lets queued PUBACKs go out first
            }
        } catch (MqttException e) {
            LOG.log(Level.WARNING, "disconnect from " + config.brokerName() + " failed: " + e);
        }
        sequencer.close();
        metrics.connected(false);
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "closing the MQTT client failed: " + e);
        }
    }

    private void supervise() {
        while (running) {
            try {
                if (!client.isConnected()) {
                    connect();
                } else if (resync && forwarder.pending() == 0) {
                    LOG.log(Level.INFO, "reconnecting to " + config.brokerName() + " to get the messages that overflowed");
                    metrics.resynced();
                    client.disconnect(5_000);
                    sequencer.close();
                    metrics.connected(false);
                    observer.disconnected(); // backfill hook
                } else {
                    synchronized (signal) {
                        signal.wait(resync ? 20 : 1_000);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (MqttException e) {
                LOG.log(Level.DEBUG, "MQTT operation failed: " + e);
            }
        }
    }

    private void connect() throws InterruptedException {
        AckSequencer next = new AckSequencer(this::acknowledge);
        sequencer = next; // before connecting: a resumed session delivers right after CONNACK
        resync = false; // a new connection is a resync in itself
        try {
            IMqttToken connack = client.connectWithResult(options()); // the CONNACK's session-present, for the backfill
            String[] filters = config.subscriptions().toArray(String[]::new);
            int[] qos = new int[filters.length];
            Arrays.fill(qos, QOS);
            client.subscribe(filters, qos);
            metrics.connected(true);
            observer.connected(connack.getSessionPresent()); // backfill hook
            backoff.reset();
            LOG.log(Level.INFO, "connected to " + config.brokerName() + " (" + config.serverUri() + ") as "
                    + config.clientId() + ", subscribed to " + config.subscriptions());
        } catch (MqttException e) {
            next.close();
            if (client.isConnected()) {
                disconnectQuietly();
            }
            boolean refused = e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
            metrics.connectFailed(refused);
            if (refused) {
                // a wrong password stays wrong: wait the longest pause before asking again
                log.log(Level.ERROR, "auth", "broker " + config.brokerName() + " refused the credentials of user '"
                        + config.username().orElse("") + "'; retrying in " + config.reconnectMax().toSeconds() + " s");
                pause(config.reconnectMax());
            } else {
                Duration delay = backoff.next();
                log.log(Level.WARNING, "connect", "cannot connect to " + config.brokerName() + " ("
                        + config.serverUri() + "): " + e + "; retrying with backoff, now " + delay.toMillis() + " ms");
                pause(delay);
            }
        }
    }

    private void acknowledge(int messageId, int qos) {
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException e) {
            // the connection is gone: the broker re-sends the message on the next one
            LOG.log(Level.DEBUG, "could not acknowledge message " + messageId + ": " + e);
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(false); // the supervisor reconnects, with backoff and jitter
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        config.username().ifPresent(options::setUserName);
        config.password().ifPresent(password -> options.setPassword(password.toCharArray()));
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        return options;
    }

    private void disconnectQuietly() {
        try {
            client.disconnect(0);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "disconnect failed: " + e);
        }
    }

    private void pause(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (signal) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                signal.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** TLS that trusts exactly the certificates in the given PEM file. */
    static SSLSocketFactory trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new InvalidConfigException("GC_CA_FILE", "no certificate in " + caFile);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidConfigException("GC_CA_FILE", "cannot read the certificates in " + caFile + ": " + e.getMessage());
        }
    }
}
