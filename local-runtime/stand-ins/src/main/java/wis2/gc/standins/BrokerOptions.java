package wis2.gc.standins;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run an {@link EmbeddedBroker}. Anonymous: any client, with or without credentials,
 * may publish and subscribe anything (a Global Broker stand-in). Secured: only the listed
 * users with their passwords connect, and the ACL decides each publish and subscribe (the
 * cache's own broker, as EMQX runs it). Port 0 means a free port; the data folder, when not
 * given, is a temporary one deleted at {@link EmbeddedBroker#close()}.
 *
 * <p>{@code maxQueuedMessages} bounds what the broker holds per client session beyond the
 * messages in flight; what exceeds it is discarded, silently, as real brokers do.
 *
 * <p>Sessions and their queued messages are kept in the data folder, so that they survive
 * {@link EmbeddedBroker#restart()}, unless {@code sessionsInMemory}: then they live in memory
 * only, as the cache's EMQX keeps them in AWS.
 */
public record BrokerOptions(int port, boolean tls, int tlsPort, Optional<Path> dataDir,
        Map<String, String> users, Optional<AclFile> acl, int maxQueuedMessages, boolean sessionsInMemory) {

    /** HiveMQ's default, and EMQX's ({@code max_mqueue_len}) too. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 1000;

    public BrokerOptions {
        requirePort(port, "port");
        requirePort(tlsPort, "tlsPort");
        Objects.requireNonNull(dataDir, "dataDir");
        users = Map.copyOf(users);
        Objects.requireNonNull(acl, "acl");
        if (acl.isPresent() && users.isEmpty()) {
            throw new IllegalArgumentException("a secured broker needs at least one user");
        }
        if (acl.isEmpty() && !users.isEmpty()) {
            throw new IllegalArgumentException("an anonymous broker takes no users, got " + users.keySet());
        }
        users.forEach((user, password) -> {
            if (user.isEmpty() || password.isEmpty()) {
                throw new IllegalArgumentException("user names and passwords must not be empty (user '" + user + "')");
            }
        });
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages must be at least 1, got " + maxQueuedMessages);
        }
        if (sessionsInMemory && dataDir.isPresent()) {
            throw new IllegalArgumentException("a broker with its sessions in memory keeps no data folder, got "
                    + dataDir.get());
        }
        if (tls && port != 0 && port == tlsPort) {
            throw new IllegalArgumentException("port and tlsPort must differ, both are " + port);
        }
    }

    /** Anyone may connect, publish and subscribe; plain MQTT on a free port. */
    public static BrokerOptions anonymous() {
        return new BrokerOptions(0, false, 0, Optional.empty(), Map.of(), Optional.empty(),
                DEFAULT_MAX_QUEUED_MESSAGES, false);
    }

    /** Only {@code users} (name to password) connect, and {@code acl} decides what they may do. */
    public static BrokerOptions secured(Map<String, String> users, AclFile acl) {
        return new BrokerOptions(0, false, 0, Optional.empty(), users, Optional.of(acl), DEFAULT_MAX_QUEUED_MESSAGES,
                false);
    }

    public BrokerOptions withPort(int newPort) {
        return new BrokerOptions(newPort, tls, tlsPort, dataDir, users, acl, maxQueuedMessages, sessionsInMemory);
    }

    /** Adds a TLS listener (on a free port) with a certificate made at start, see {@link EmbeddedBroker#caFile()}. */
    public BrokerOptions withTls() {
        return new BrokerOptions(port, true, tlsPort, dataDir, users, acl, maxQueuedMessages, sessionsInMemory);
    }

    public BrokerOptions withTlsPort(int newTlsPort) {
        return new BrokerOptions(port, true, newTlsPort, dataDir, users, acl, maxQueuedMessages, sessionsInMemory);
    }

    /** Keeps sessions and queued messages in {@code dir}, which outlives the broker. */
    public BrokerOptions withDataDir(Path dir) {
        return new BrokerOptions(port, tls, tlsPort, Optional.of(dir), users, acl, maxQueuedMessages, sessionsInMemory);
    }

    /** Holds up to {@code max} messages per client session beyond those in flight. */
    public BrokerOptions withMaxQueuedMessages(int max) {
        return new BrokerOptions(port, tls, tlsPort, dataDir, users, acl, max, sessionsInMemory);
    }

    /**
     * Keeps sessions and their queued messages in memory only, as the cache's EMQX does in AWS: a
     * stop loses them, and no QoS 1 message costs a write to the broker's persistence store.
     */
    public BrokerOptions withSessionsInMemory() {
        return new BrokerOptions(port, tls, tlsPort, dataDir, users, acl, maxQueuedMessages, true);
    }

    public boolean isSecured() {
        return acl.isPresent();
    }

    private static void requirePort(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (any free port) or 1..65535, got " + port);
        }
    }
}
