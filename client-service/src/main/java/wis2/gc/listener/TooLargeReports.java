package wis2.gc.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import wis2.gc.model.InvalidNotificationException;
import wis2.gc.model.MonitoringEvent;
import wis2.gc.model.Notification;
import wis2.gc.model.Topic;

/**
 * Reports each notification too large for the work queue with a WIS2 monitoring event
 * (a cache that declines data says so) on {@code monitor/a/wis2/{centre-id of the
 * source}}, published with QoS 1 on the cache's own broker as the manager publishes its events.
 * Such a notification never reaches the manager, so the listener is the only part that can say
 * the cache did not take it: nothing is cached and nothing is republished on {@code cache/...}.
 *
 * <p>Reports are made on a thread of their own, from a short queue: Paho's callback thread
 * only hands the message over. When the queue is full (a flood of oversized messages) the
 * report is skipped, counted and logged; the drop itself is counted either way. The connection
 * to the cache's broker is opened at the first report and again after a failure.
 */
final class TooLargeReports implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TooLargeReports.class);
    /** Oversized payloads are held until reported: a few at most. */
    static final int CAPACITY = 4;

    private record Item(String topic, byte[] payload, long sqsSize) {}

    private final ListenerConfig config;
    private final ListenerMetrics metrics;
    private final ThrottledLog log;
    private final Clock clock;
    private final BlockingQueue<Item> items = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread worker;
    private MqttClient client;
    private volatile boolean running = true;

    TooLargeReports(ListenerConfig config, ListenerMetrics metrics, ThrottledLog log, Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        this.worker = Thread.ofPlatform().name("too-large-reports-" + config.brokerName()).daemon().start(this::work);
    }

    /** Hands a message over for reporting; never blocks. */
    void offer(String topic, byte[] payload, long sqsSize) {
        if (config.monitorBroker().isEmpty()) {
            metrics.reported(ListenerMetrics.ReportOutcome.UNCONFIGURED);
            return;
        }
        if (!items.offer(new Item(topic, payload, sqsSize))) {
            metrics.reported(ListenerMetrics.ReportOutcome.SKIPPED);
            log.log(Level.WARN, "report-skipped", "too many notifications too large for the queue at once: no"
                    + " monitoring event for one on " + topic + " (it is counted as too-large all the same)");
        }
    }

    /** Builds the event about one oversized notification. */
    byte[] event(String topicName, byte[] payload, long sqsSize) {
        String source = Topic.parse(topicName).centreId();
        String id = "(no id)";
        String dataId = "(no data_id)";
        try {
            Notification.Peek peek = Notification.peek(payload);
            id = peek.id() != null ? peek.id() : id;
            dataId = peek.dataId() != null ? peek.dataId() : dataId;
        } catch (InvalidNotificationException e) {
            // too large and not even JSON: the event still says what arrived where
        }
        return MonitoringEvent.build(UUID.randomUUID(), config.centreId(), source, clock.instant(),
                MonitoringEvent.Severity.ERROR, "Global cache could not take a notification: too large",
                "Notification " + id + " for data_id " + dataId + " on " + topicName + ", received from Global Broker "
                        + config.brokerName() + ", is " + sqsSize
                        + " bytes as a queue message; the cache takes at most "
                        + config.maxMessageBytes() + " bytes. It was neither cached nor republished.");
    }

    private void work() {
        while (running) {
            Item item;
            try {
                item = items.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item != null) {
                report(item);
            }
        }
    }

    private void report(Item item) {
        try {
            byte[] event = event(item.topic(), item.payload(), item.sqsSize());
            String topic = MonitoringEvent.topic(Topic.parse(item.topic()).centreId());
            connected().publish(topic, event, 1, false);
            metrics.reported(ListenerMetrics.ReportOutcome.PUBLISHED);
            LOG.info("reported a notification too large for the queue (" + item.sqsSize() + " bytes) on "
                    + topic);
        } catch (MqttException | RuntimeException e) {
            metrics.reported(ListenerMetrics.ReportOutcome.FAILED);
            log.log(Level.WARN, "report-failed", "could not publish the monitoring event about a notification too"
                    + " large for the queue on " + item.topic() + ": " + e);
            closeClient();
        }
    }

    private MqttClient connected() throws MqttException {
        if (client != null && client.isConnected()) {
            return client;
        }
        closeClient();
        ListenerConfig.BrokerAddress broker = config.monitorBroker().orElseThrow();
        MqttClient fresh = new MqttClient(broker.serverUri(), config.clientId() + "-monitor", new MemoryPersistence());
        fresh.setTimeToWait(10_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(60);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        broker.username().ifPresent(options::setUserName);
        broker.password().ifPresent(password -> options.setPassword(password.toCharArray()));
        try {
            fresh.connect(options);
        } catch (MqttException e) {
            fresh.close(true);
            throw e;
        }
        client = fresh;
        return fresh;
    }

    private void closeClient() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing the monitoring connection failed: " + e);
        }
        client = null;
    }

    /** Waits a little for the reports in hand, then stops. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!items.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeClient();
    }
}
