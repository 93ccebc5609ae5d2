package wis2.gc.standins;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT 3.1.1 and 5 broker on 127.0.0.1: HiveMQ CE embedded, anonymous usage statistics off
 * (HiveMQ CE has no update check), sessions and queued messages persisted in a data folder.
 * See {@link BrokerOptions} for the anonymous (Global Broker) and secured (cache broker)
 * modes. {@link #stop()} and {@link #restart()} keep the ports and the data folder, so
 * persistent sessions ({@code cleanSession=false}) and their queued QoS 1 messages survive,
 * unless the sessions are kept in memory ({@link BrokerOptions#withSessionsInMemory()}).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;
    private static final int PERSISTENCE_BUCKETS = 4;
    private static final int SHUTDOWN_GRACE_MILLIS = 200;

    static {
        // HiveMQ internals, JVM-wide, the same for every EmbeddedBroker (a data folder must keep
        // its bucket count). It opens one store per bucket and persistence, 64 by default: 4
        // start in a fraction of the time. At stop it keeps accepting writes for a grace
        // period, 2 s by default, after the clients are gone: 200 ms covers in-flight writes.
        InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(PERSISTENCE_BUCKETS);
        InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.set(PERSISTENCE_BUCKETS);
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(SHUTDOWN_GRACE_MILLIS);
    }

    private final BrokerOptions options;
    private final int port;
    private final OptionalInt tlsPort;
    private final Path workDir;
    private final Path dataDir;
    private final Path configDir;
    private final Path extensionsDir;
    private final TestCertificates.Material tls;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(BrokerOptions options) {
        this.options = options;
        this.port = options.port() == 0 ? Ports.free() : options.port();
        this.tlsPort = options.tls() ? OptionalInt.of(options.tlsPort() == 0 ? Ports.free() : options.tlsPort())
                : OptionalInt.empty();
        this.workDir = TempDirs.create("hivemq-");
        this.dataDir = options.dataDir().orElse(workDir.resolve("data"));
        this.configDir = workDir.resolve("conf");
        this.extensionsDir = workDir.resolve("extensions");
        try {
            Files.createDirectories(configDir);
            Files.createDirectories(extensionsDir);
            Files.createDirectories(dataDir);
            this.tls = options.tls() ? TestCertificates.create(configDir) : null;
            Files.writeString(configDir.resolve("config.xml"), configXml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            TempDirs.deleteRecursively(workDir);
            throw new UncheckedIOException("cannot prepare the broker's folders in " + workDir, e);
        }
    }

    /** HiveMQ keeps metrics and state per instance that a second start trips over: one instance per start. */
    private EmbeddedHiveMQ newHiveMq() {
        return EmbeddedHiveMQ.builder()
                .withConfigurationFolder(configDir)
                .withDataFolder(dataDir)
                .withExtensionsFolder(extensionsDir)
                // leave the application's logging configuration alone
                .withoutLoggingBootstrap()
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("wis2-gc-standin-security")
                        .withName("WIS2 GC stand-in users and ACL")
                        .withVersion("1")
                        .withPriority(1000)
                        .withStartPriority(1000)
                        .withExtensionMain(new AclExtension(options.users(), options.acl()))
                        .build())
                .build();
    }

    /** Starts a broker as {@code options} say. */
    public static EmbeddedBroker start(BrokerOptions options) {
        EmbeddedBroker broker = new EmbeddedBroker(options);
        try {
            broker.restart();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public BrokerOptions options() {
        return options;
    }

    /** The plain MQTT port. */
    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:port}, as Paho takes it. */
    public String serverUri() {
        return "tcp://" + StandIns.HOST + ":" + port;
    }

    /** The TLS port, when {@link BrokerOptions#withTls()} asked for one. */
    public OptionalInt tlsPort() {
        return tlsPort;
    }

    /** {@code ssl://127.0.0.1:tlsPort}, as Paho takes it; fails when the broker has no TLS listener. */
    public String tlsServerUri() {
        return "ssl://" + StandIns.HOST + ":" + tlsPort.orElseThrow(() -> noTls());
    }

    /** PEM file of the CA that signed the TLS listener's certificate (valid for 127.0.0.1 and localhost). */
    public Path caFile() {
        if (tls == null) {
            throw noTls();
        }
        return tls.caPem();
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return hivemq != null;
    }

    /** Closes every connection and the listeners; sessions stay in the data folder. */
    public synchronized void stop() {
        if (hivemq == null) {
            return;
        }
        try {
            await(hivemq.stop(), "stop");
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StandInException("interrupted: stop the broker on port " + port, e);
        } catch (ExecutionException e) {
            throw new StandInException("cannot stop the broker on port " + port, e);
        } finally {
            hivemq = null;
        }
    }

    /** Starts again on the same ports with the same data folder; stops first when running. */
    public synchronized void restart() {
        stop();
        EmbeddedHiveMQ started = newHiveMq();
        try {
            await(started.start(), "start");
        } catch (StandInException e) {
            try {
                started.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        hivemq = started;
    }

    /**
     * Stops, forgets every session and its queued messages (as a broker restarted without
     * persistence does), and starts again on the same ports: a client that resumes its
     * session is told none is present.
     */
    public synchronized void restartForgettingSessions() {
        stop();
        TempDirs.deleteRecursively(dataDir);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recreate the broker's data folder " + dataDir, e);
        }
        restart();
    }

    private void await(CompletableFuture<Void> transition, String what) {
        try {
            transition.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StandInException("interrupted: " + what + " the broker on port " + port, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StandInException("cannot " + what + " the broker on " + StandIns.HOST + ":" + port, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(workDir);
        }
    }

    private IllegalStateException noTls() {
        return new IllegalStateException("the broker on port " + port
                + " has no TLS listener (BrokerOptions.withTls())");
    }

    private String configXml() {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                      <name>mqtt</name>
                    </tcp-listener>
                """.formatted(port, StandIns.HOST));
        if (tls != null) {
            xml.append("""
                        <tls-tcp-listener>
                          <port>%d</port>
                          <bind-address>%s</bind-address>
                          <name>mqtts</name>
                          <tls>
                            <keystore>
                              <path>%s</path>
                              <password>%s</password>
                              <private-key-password>%s</private-key-password>
                            </keystore>
                          </tls>
                        </tls-tcp-listener>
                    """.formatted(tlsPort.getAsInt(), StandIns.HOST, tls.keyStore().toAbsolutePath(),
                    tls.password(), tls.password()));
        }
        xml.append("""
                  </listeners>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>%d</max-queue-size>
                      <strategy>discard</strategy>
                    </queued-messages>
                  </mqtt>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                  <persistence>
                    <mode>%s</mode>
                  </persistence>
                </hivemq>
                """.formatted(options.maxQueuedMessages(), options.sessionsInMemory() ? "in-memory" : "file"));
        return xml.toString();
    }
}
