package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import wis2.gc.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import wis2.gc.tls.InvalidCaFileException;
import wis2.gc.tls.PemTrust;

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
 *
 * <h2>Nothing in hand is lost, no session is fought over</h2>
 * The CONNACK's session-present flag decides what becomes of the messages taken on a connection
 * that ended before they reached SQS (see {@link AckSequencer}): the broker re-sends them when
 * it kept the session, otherwise they are sent anyway. A lost session is logged, counted and
 * told to the {@link FeedObserver}. Each filter's SUBACK is checked; a refusal or a grant below
 * QoS 1 is logged, counted, shown by {@code /health} and retried with backoff while the granted
 * filters keep flowing. Reconnects follow the {@link ReconnectPolicy}: never at once, and ever
 * more slowly while connections keep ending soon after they start (a takeover by a second
 * client with our id). The callback catches everything: a message it cannot handle is counted,
 * logged and acknowledged, and the connection stays up.
 */
final class MqttIntake implements MqttCallback, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIntake.class);
    private static final int QOS = 1;
    /** SUBACK return code of a refused filter (MQTT 3.1.1, 3.9.3). */
    static final int SUBACK_FAILURE = 0x80;
    private static final Duration RECONNECT_INITIAL = Duration.ofMillis(250);
    private static final Duration SUBSCRIBE_INITIAL = Duration.ofSeconds(1);

    private final ListenerConfig config;
    private final Triage triage;
    private final Forwarder forwarder;
    private final ListenerMetrics metrics;
    private final ThrottledLog log;
    private final Clock clock;
    private final ReconnectPolicy policy;
    private final Backoff subscribeBackoff;
    private final FeedObserver observer;
    private final TooLargeReports reports;
    private final int attributeBytes;
    private final MqttClient client;
    private final SSLSocketFactory tls;
    private final Object signal = new Object();
    private final Thread supervisor;
    /** Sequencers of ended connections whose messages await the next CONNACK's verdict. */
    private final List<AckSequencer> unsettled = new ArrayList<>();
    private volatile AckSequencer sequencer = new AckSequencer((id, qos) -> { });
    private volatile boolean receiving = true;
    /** False from the start of a stop: a lost connection is never re-established then. */
    private volatile boolean reconnecting = true;
    private volatile boolean running = true;
    private volatile boolean resync;
    /** When the connection was lost, until the supervisor has chosen its pause. */
    private volatile Instant lostAt;
    /** Filters not (yet) granted with QoS 1 on the current connection. */
    private volatile List<String> ungranted = List.of();
    private long nextSubscribeNanos;

    MqttIntake(ListenerConfig config, Forwarder forwarder, ListenerMetrics metrics, ThrottledLog log, Clock clock,
               RandomGenerator random, Triage triage, FeedObserver observer, TooLargeReports reports) {
        this.config = config;
        this.triage = triage;
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        this.observer = observer;
        this.reports = reports;
        this.attributeBytes = Inbound.attributeBytes(config.brokerName());
        Duration initial = RECONNECT_INITIAL.compareTo(config.reconnectMax()) < 0 ? RECONNECT_INITIAL
                : config.reconnectMax();
        this.policy = new ReconnectPolicy(initial, config.reconnectMax(), config.reconnectStable(), random);
        Duration subscribeInitial = SUBSCRIBE_INITIAL.compareTo(config.reconnectMax()) < 0 ? SUBSCRIBE_INITIAL
                : config.reconnectMax();
        this.subscribeBackoff = new Backoff(subscribeInitial, config.reconnectMax(), random);
        this.tls = config.caFile().map(file -> {
            try {
                return PemTrust.socketFactory(file);
            } catch (InvalidCaFileException e) {
                throw new ConfigException("GC_CA_FILE", e.getMessage(), e);
            }
        }).orElse(null);
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

    /** Whether the thread that keeps the connection is alive (the container's liveness check). */
    boolean isAlive() {
        return supervisor.isAlive();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        AckSequencer current = sequencer;
        if (!receiving || !current.isOpen()) {
            return; // left unacknowledged: the broker re-sends it on the next connection
        }
        AckSequencer.Ticket ticket = current.register(message.getId(), message.getQos());
        boolean handedOver = false;
        try {
            metrics.received();
            byte[] payload = message.getPayload();
            switch (triage.examine(topic, payload)) {
                case Triage.Drop drop -> {
                    metrics.dropped(drop.reason());
                    if (drop.reason() == DropReason.TOO_LARGE) {
                        long size = triage.sqsSize(topic, payload);
                        log.log(Level.WARN, "drop-too-large", "a notification on " + topic + " is " + size
                                + " bytes as a queue message, over the queue's " + config.maxMessageBytes()
                                + ": not forwarded, reported with a monitoring event");
                        reports.offer(topic, payload, size);
                    } else {
                        log.log(Level.INFO, "drop-" + drop.reason().label(),
                                "dropped a message (" + drop.reason().label() + ") on " + topic);
                    }
                    handedOver = true;
                    ticket.complete();
                }
                case Triage.Forward forward -> {
                    handedOver = forwarder.offer(
                            Inbound.of(topic, payload, forward, clock.instant(), ticket, attributeBytes));
                    if (!handedOver) {
                        handedOver = true; // withdrawn: the broker re-sends it
                        current.withdraw(ticket);
                        metrics.overflowed();
                        log.log(Level.WARN, "overflow", "the forwarding queue is full (" + config.maxPending()
                                + "); will reconnect once it has drained, so the broker re-sends what is "
                                + "unacknowledged");
                        resync = true;
                    }
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // a message that breaks the callback would break every connection it is re-sent on:
            // it is acknowledged and counted, never allowed to take the connection down
            metrics.dropped(DropReason.CALLBACK_FAILED);
            log.log(Level.ERROR, "callback-failed", "could not handle a message on " + topic + " (" + e
                    + "); acknowledged and dropped so that it cannot come back in a loop");
            if (!handedOver) {
                ticket.complete();
            }
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        ended(sequencer);
        metrics.connected(false);
        lostAt = clock.instant();
        observeDisconnected(lostAt);
        log.log(Level.WARN, "connection-lost", "lost the connection to " + config.brokerName() + ": " + cause);
        wake();
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // this client never publishes
    }

    /**
     * The start of a stop: no new message is taken and a lost connection is not re-established,
     * so nothing new arrives while what is in hand is flushed. Messages of ended connections
     * whose fate the next CONNACK would have decided are sent: no next connection will come.
     */
    void stopReceiving() {
        receiving = false;
        reconnecting = false;
        settle(false);
        wake();
    }

    /** Disconnects (after the acknowledgements already handed to Paho are written) and closes. */
    @Override
    public void close() {
        reconnecting = false;
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
            LOG.warn("disconnect from " + config.brokerName() + " failed: " + e);
        }
        sequencer.close();
        settle(false);
        metrics.connected(false);
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing the MQTT client failed: " + e);
        }
    }

    private void supervise() {
        while (running) {
            try {
                Instant lost = lostAt;
                if (!reconnecting) {
                    synchronized (signal) {
                        signal.wait(1_000); // stopping: keep the connection for the acknowledgements, nothing more
                    }
                } else if (lost != null) {
                    lostAt = null;
                    ReconnectPolicy.Pause pause = policy.lost(lost);
                    if (pause.shortLived()) {
                        metrics.shortConnection();
                        log.log(Level.WARN, "short-connection", "the connection to " + config.brokerName()
                                + " ended within " + config.reconnectStable().toSeconds() + " s of its start (another"
                                + " client with the id " + config.clientId() + "?); reconnecting in "
                                + pause.delay().toMillis() + " ms");
                    }
                    pause(pause.delay());
                } else if (!client.isConnected()) {
                    connect();
                } else if (resync && forwarder.pending() == 0) {
                    LOG.info("reconnecting to " + config.brokerName() + " to get the messages that overflowed");
                    metrics.resynced();
                    client.disconnect(5_000);
                    ended(sequencer);
                    metrics.connected(false);
                    observeDisconnected(clock.instant());
                } else if (!ungranted.isEmpty() && System.nanoTime() - nextSubscribeNanos >= 0) {
                    subscribe(ungranted);
                } else {
                    synchronized (signal) {
                        signal.wait(resync ? 20 : !ungranted.isEmpty() ? 100 : 1_000);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (MqttException e) {
                LOG.debug("MQTT operation failed: " + e);
            }
        }
    }

    private void connect() throws InterruptedException {
        AckSequencer next = new AckSequencer(this::acknowledge);
        sequencer = next; // before connecting: a resumed session delivers right after CONNACK
        resync = false; // a new connection is a resync in itself
        try {
            IMqttToken connack = client.connectWithResult(options());
            Instant at = clock.instant();
            boolean sessionPresent = connack.getSessionPresent();
            int inHand = settle(sessionPresent);
            policy.connected(at);
            if (!sessionPresent) {
                metrics.sessionLost();
                LOG.warn("broker " + config.brokerName() + " had no session for " + config.clientId()
                        + " (new client id, session expired, or the broker restarted without its sessions): what it"
                        + " held for us may be lost; " + inHand + " message(s) in hand from earlier connections are"
                        + " sent to SQS");
            }
            observeConnected(sessionPresent, at);
            subscribe(config.subscriptions());
            metrics.connected(true);
            LOG.info("connected to " + config.brokerName() + " (" + config.serverUri() + ") as "
                    + config.clientId() + ", session " + (sessionPresent ? "resumed" : "new") + ", subscribed to "
                    + config.subscriptions());
        } catch (MqttException e) {
            if (client.isConnected()) {
                disconnectQuietly();
            }
            ended(next);
            boolean refused = e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
            metrics.connectFailed(refused);
            if (refused) {
                // a wrong password stays wrong: wait the longest pause before asking again
                log.log(Level.ERROR, "auth", "broker " + config.brokerName() + " refused the credentials of user '"
                        + config.username().orElse("") + "'; retrying in " + config.reconnectMax().toSeconds() + " s");
                pause(config.reconnectMax());
            } else {
                Duration delay = policy.failed();
                log.log(Level.WARN, "connect", "cannot connect to " + config.brokerName() + " ("
                        + config.serverUri() + "): " + e + "; retrying with backoff, now " + delay.toMillis() + " ms");
                pause(delay);
            }
        }
    }

    /**
     * Subscribes and checks each filter's SUBACK: a refusal, or a grant below QoS 1 (which
     * would quietly turn at-least-once into at-most-once), is an error, retried with backoff.
     */
    private void subscribe(List<String> filters) throws MqttException {
        String[] topics = filters.toArray(String[]::new);
        int[] qos = new int[topics.length];
        Arrays.fill(qos, QOS);
        Ungranted check = Ungranted.of(topics, client.subscribeWithResponse(topics, qos).getGrantedQos());
        List<String> refused = check.described();
        metrics.subscriptions(refused);
        ungranted = check.filters();
        if (refused.isEmpty()) {
            subscribeBackoff.reset();
            return;
        }
        Duration delay = subscribeBackoff.next();
        nextSubscribeNanos = System.nanoTime() + delay.toNanos();
        log.log(Level.ERROR, "suback", "broker " + config.brokerName() + " did not grant QoS 1 for " + refused
                + ": messages on them are not received at least once; subscribing again in " + delay.toMillis()
                + " ms");
    }

    /**
     * The filters of one SUBACK not granted QoS 1: refused ({@code 0x80}), granted QoS 0, or
     * missing from the answer.
     *
     * @param filters   to subscribe again
     * @param described the same, each with what the broker answered, for logs and {@code /health}
     */
    record Ungranted(List<String> filters, List<String> described) {
        static Ungranted of(String[] topics, int[] granted) {
            List<String> again = new ArrayList<>();
            List<String> described = new ArrayList<>();
            for (int i = 0; i < topics.length; i++) {
                int code = granted != null && i < granted.length ? granted[i] : SUBACK_FAILURE;
                if (code == SUBACK_FAILURE || code < QOS) {
                    again.add(topics[i]);
                    described.add(topics[i] + (code == SUBACK_FAILURE ? " (refused)" : " (granted QoS " + code + ")"));
                }
            }
            return new Ungranted(List.copyOf(again), List.copyOf(described));
        }
    }

    /** A connection's sequencer is done with: its messages wait for the next CONNACK (or the stop). */
    private void ended(AckSequencer ended) {
        ended.close();
        if (!reconnecting) {
            ended.resolve(false); // stopping: there will be no next CONNACK to wait for
            return;
        }
        synchronized (unsettled) {
            unsettled.add(ended);
        }
    }

    /** Applies a CONNACK's verdict to the ended connections; returns how many messages they still hold in the
     * forwarder. */
    private int settle(boolean sessionKept) {
        synchronized (unsettled) {
            for (AckSequencer ended : unsettled) {
                ended.resolve(sessionKept);
            }
            unsettled.clear();
        }
        return forwarder.pending();
    }

    private void observeDisconnected(Instant at) {
        try {
            observer.disconnected(at);
        } catch (RuntimeException e) {
            LOG.warn("the feed observer failed on a disconnect: " + e);
        }
    }

    private void observeConnected(boolean sessionPresent, Instant at) {
        try {
            observer.connected(sessionPresent, at);
        } catch (RuntimeException e) {
            LOG.warn("the feed observer failed on a connect: " + e);
        }
    }

    private void acknowledge(int messageId, int qos) {
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException e) {
            // the connection is gone: the broker re-sends the message on the next one
            LOG.debug("could not acknowledge message " + messageId + ": " + e);
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
            LOG.debug("disconnect failed: " + e);
        }
    }

    private void pause(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (signal) {
            long left;
            while (running && reconnecting && (left = deadline - System.nanoTime()) > 0) {
                signal.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
