package wis2.gc.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wis2.gc.standins.MqttClients.Client;
import wis2.gc.standins.MqttClients.Received;
import wis2.gc.tls.PemTrust;

class EmbeddedBrokerIT {

    private static final Map<String, String> USERS = Map.of("gc-publisher", "publisher-secret", "everyone", "everyone");

    private static EmbeddedBroker cache;

    @BeforeAll
    static void startCacheBroker() {
        cache = EmbeddedBroker.start(
                BrokerOptions.secured(USERS, AclFile.load(AclFile.locateInRepository())).withTls());
    }

    @AfterAll
    static void stopCacheBroker() {
        cache.close();
    }

    private static Client everyone(String clientId) throws MqttException {
        return MqttClients.connect(cache.serverUri(), clientId, "everyone", "everyone");
    }

    private static Client publisher() throws MqttException {
        return MqttClients.connect(cache.serverUri(), "gc-manager", "gc-publisher", "publisher-secret");
    }

    @Test
    void secured_gcPublisherPublishesOnCacheAndMonitorAndEveryoneReceivesIt() throws Exception {
        try (Client subscriber = everyone("gb-relay"); Client publisher = publisher()) {
            subscriber.paho().subscribe(new String[] {"cache/#", "monitor/#"}, new int[] {1, 1});

            publisher.publish("cache/a/wis2/de-dwd/data/core/weather", "cached");
            publisher.publish("monitor/a/wis2/de-dwd", "event");

            assertThat(subscriber.next()).isEqualTo(new Received("cache/a/wis2/de-dwd/data/core/weather", "cached"));
            assertThat(subscriber.next()).isEqualTo(new Received("monitor/a/wis2/de-dwd", "event"));
        }
    }

    @Test
    void secured_everyoneCannotSubscribeOutsideCacheAndMonitor() throws Exception {
        try (Client subscriber = everyone("curious")) {
            int[] granted = subscriber.paho().subscribeWithResponse(
                    new String[] {"#", "origin/#", "$SYS/#", "cache/#"}, new int[] {1, 1, 1, 1}).getGrantedQos();

            assertThat(granted).containsExactly(0x80, 0x80, 0x80, 1);
        }
    }

    @Test
    void secured_dropsEveryPublishOfEveryoneButKeepsItsConnection() throws Exception {
        try (Client subscriber = everyone("watcher"); Client intruder = everyone("intruder");
                Client publisher = publisher()) {
            subscriber.paho().subscribe(new String[] {"cache/#", "monitor/#", "origin/#"}, new int[] {1, 1, 1});

            // acknowledged as EMQX does (deny_action = ignore), never delivered
            intruder.publish("cache/a/wis2/de-dwd/data/core/weather", "forged");
            intruder.publish("monitor/a/wis2/de-dwd", "forged");
            intruder.publish("origin/a/wis2/de-dwd/data/core/weather", "forged");
            publisher.publish("cache/a/wis2/marker", "marker");

            assertThat(subscriber.next()).isEqualTo(new Received("cache/a/wis2/marker", "marker"));
            assertThat(subscriber.inbox()).isEmpty();
            assertThat(intruder.paho().isConnected()).isTrue();
            assertThat(intruder.lost()).isEmpty();
        }
    }

    @Test
    void secured_gcPublisherCannotSubscribe() throws Exception {
        try (Client spy = MqttClients.connect(cache.serverUri(), "spy", "gc-publisher", "publisher-secret")) {
            assertThat(spy.paho().subscribeWithResponse("cache/#", 1).getGrantedQos()).containsExactly(0x80);
        }
    }

    @Test
    void secured_refusesBadPasswordsUnknownUsersAndAnonymousClients() {
        assertThatThrownBy(() -> MqttClients.connect(cache.serverUri(), "c1", "everyone", "wrong"))
                .isInstanceOfSatisfying(MqttSecurityException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThatThrownBy(() -> MqttClients.connect(cache.serverUri(), "c2", "stranger", "everyone"))
                .isInstanceOf(MqttSecurityException.class);
        assertThatThrownBy(() -> MqttClients.connect(cache.serverUri(), "c3", null, null))
                .isInstanceOf(MqttSecurityException.class);
    }

    @Test
    void tls_servesACertificateSignedByTheCaFile() throws Exception {
        MqttConnectOptions options = MqttClients.options("everyone", "everyone", true);
        options.setSocketFactory(PemTrust.socketFactory(cache.caFile()));

        try (Client subscriber = MqttClients.connect(cache.tlsServerUri(), "tls-reader", options);
                Client publisher = publisher()) {
            subscriber.paho().subscribe("cache/#", 1);
            publisher.publish("cache/a/wis2/tls", "over tls");

            assertThat(subscriber.next()).isEqualTo(new Received("cache/a/wis2/tls", "over tls"));
        }
        assertThat(cache.tlsServerUri()).isEqualTo("ssl://127.0.0.1:" + cache.tlsPort().getAsInt());
    }

    @Test
    void tls_isRefusedByAClientThatDoesNotTrustTheCa() {
        MqttConnectOptions options = MqttClients.options("everyone", "everyone", true);

        assertThatThrownBy(() -> MqttClients.connect(cache.tlsServerUri(), "tls-doubter", options))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void anonymous_relaysForAnyClientAndRefusesNothing() throws Exception {
        try (EmbeddedBroker globalBroker = EmbeddedBroker.start(BrokerOptions.anonymous());
                Client subscriber = MqttClients.connect(globalBroker.serverUri(), "gc-listener", "everyone",
                        "everyone");
                Client publisher = MqttClients.connect(globalBroker.serverUri(), "wis2-node", null, null)) {
            subscriber.paho().subscribe("#", 1);

            publisher.publish("origin/a/wis2/de-dwd/data/core/weather", "notification");

            assertThat(subscriber.next())
                    .isEqualTo(new Received("origin/a/wis2/de-dwd/data/core/weather", "notification"));
            assertThatThrownBy(globalBroker::caFile).isInstanceOf(IllegalStateException.class);
            // the local runtime runs both kinds in one JVM: the cache broker keeps its own security
            assertThatThrownBy(() -> MqttClients.connect(cache.serverUri(), "c4", null, null))
                    .isInstanceOf(MqttSecurityException.class);
        }
    }

    @Test
    void restart_keepsPortsPersistentSessionsAndTheirQueuedMessages(@TempDir Path data) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerOptions.anonymous().withDataDir(data))) {
            int port = broker.port();
            try (Client durable = MqttClients.connect(broker.serverUri(), "durable",
                    MqttClients.options(null, null, false))) {
                durable.paho().subscribe("origin/#", 1);
            }
            try (Client publisher = MqttClients.connect(broker.serverUri(), "node", null, null)) {
                publisher.publish("origin/a/wis2/queued", "while away");
            }

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThatThrownBy(() -> MqttClients.connect(broker.serverUri(), "early", null, null))
                    .isInstanceOf(MqttException.class);
            broker.restart();

            assertThat(broker.port()).isEqualTo(port);
            try (Client durable = MqttClients.connect(broker.serverUri(), "durable",
                    MqttClients.options(null, null, false))) {
                assertThat(durable.next()).isEqualTo(new Received("origin/a/wis2/queued", "while away"));
            }
        }
    }

    @Test
    void sessionsInMemory_areGoneAfterARestart_andNothingIsWrittenForThem() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerOptions.anonymous().withSessionsInMemory())) {
            try (Client durable = MqttClients.connect(broker.serverUri(), "durable",
                    MqttClients.options(null, null, false))) {
                durable.paho().subscribe("origin/#", 1);
            }
            try (Client publisher = MqttClients.connect(broker.serverUri(), "node", null, null)) {
                publisher.publish("origin/a/wis2/queued", "while away");
            }
            // kept while the broker runs, as by a broker with persistence
            try (Client durable = MqttClients.connect(broker.serverUri(), "durable",
                    MqttClients.options(null, null, false))) {
                assertThat(durable.paho().isConnected()).isTrue();
                assertThat(durable.next()).isEqualTo(new Received("origin/a/wis2/queued", "while away"));
            }
            try (Client publisher = MqttClients.connect(broker.serverUri(), "node", null, null)) {
                publisher.publish("origin/a/wis2/queued", "lost at the restart");
            }

            broker.restart();

            try (Client durable = MqttClients.connect(broker.serverUri(), "durable",
                    MqttClients.options(null, null, false))) {
                assertThat(durable.sessionPresent()).isFalse();
                assertThat(durable.inbox().poll(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();
            }
            try (var files = Files.walk(broker.dataDir())) {
                assertThat(files.filter(f -> f.toString().contains("persistence")).toList()).isEmpty();
            }
        }
    }

    @Test
    void maxQueuedMessages_boundsWhatAnAbsentSessionKeeps() throws Exception {
        try (EmbeddedBroker small = EmbeddedBroker.start(BrokerOptions.anonymous().withMaxQueuedMessages(20));
                EmbeddedBroker large = EmbeddedBroker.start(BrokerOptions.anonymous().withMaxQueuedMessages(500))) {
            assertThat(queuedWhileAway(small, 100)).isEqualTo(20);
            assertThat(queuedWhileAway(large, 100)).isEqualTo(100);
        }
    }

    /** Publishes {@code count} messages while a persistent session is away; how many it then receives. */
    private static int queuedWhileAway(EmbeddedBroker broker, int count) throws Exception {
        try (Client away = MqttClients.connect(broker.serverUri(), "away", MqttClients.options(null, null, false))) {
            away.paho().subscribe("origin/#", 1);
        }
        try (Client publisher = MqttClients.connect(broker.serverUri(), "node", null, null)) {
            for (int i = 0; i < count; i++) {
                publisher.publish("origin/a/wis2/burst", "message " + i);
            }
        }
        try (Client back = MqttClients.connect(broker.serverUri(), "away", MqttClients.options(null, null, false))) {
            int received = 0;
            while (back.inbox().poll(2, java.util.concurrent.TimeUnit.SECONDS) != null) {
                received++;
            }
            return received;
        }
    }
}
