package wis2.gc.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The republish rewrite. The output is the received message, byte for byte,
 * except for what the Guide lets a cache change: the {@code id}; {@code properties.global-cache}
 * (replaced where it is, or added as the last member of {@code properties}); for a cached item
 * the source link's {@code href}; and, only when the operator asks for it, an
 * {@code properties.integrity} added when the message had none. These values are edited in the
 * received text rather than written from a parsed tree, so numbers ({@code -0.0}, {@code 1E5}),
 * string escapes, white space, field order and an existing {@code length} stay exactly as they
 * came, and no {@code length} is ever added: a message analyser comparing the copy with the
 * origin finds only the allowed differences.
 */
public final class Republish {

    /** Namespace of the republished ids (a v5 UUID of the URL namespace and "wis2-gc:republish"). */
    static final UUID NAMESPACE = uuid5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
            "wis2-gc:republish".getBytes(StandardCharsets.UTF_8));

    private Republish() {
    }

    /**
     * The republished {@code id}: a name-based UUID v5 of this cache's centre-id, the
     * {@code data_id} and the pubtime <em>instant</em> (not its text), so a retry after a crash,
     * or a copy whose pubtime is written differently, gets the same id and the Global Brokers
     * drop the repeat. Each part is length-prefixed so different triples never share a name.
     */
    public static UUID id(String cacheCentreId, String dataId, Pubtime pubtime) {
        String name = cacheCentreId.length() + ":" + cacheCentreId + dataId.length() + ":" + dataId + pubtime.instant();
        return uuid5(NAMESPACE, name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The message announcing a cached copy.
     *
     * @param publicUrl     where the copy is served
     * @param addedIfAbsent integrity to add when the message has none (the operator's
     *                      choice); empty adds nothing
     * @throws IllegalArgumentException for a deletion or {@code cache=false} message, which are
     *                                  never cached
     */
    public static byte[] cached(Notification n, String cacheCentreId, String publicUrl,
            Optional<Integrity> addedIfAbsent) {
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(addedIfAbsent, "addedIfAbsent");
        if (n.isDeletion() || !n.cache()) {
            throw new IllegalArgumentException("message " + n.id()
                    + " is a deletion or cache=false and is never cached");
        }
        Edits edits = common(n, cacheCentreId);
        MessageLayout.Span href = edits.layout.href(n.actionLink().index());
        if (href == null) {
            throw new IllegalStateException("the source link of " + n.id() + " has no href");
        }
        edits.replace(href, string(publicUrl));
        if (!edits.layout.hasIntegrity() && addedIfAbsent.isPresent()) {
            edits.addProperty("integrity", "{\"method\":" + string(addedIfAbsent.get().method().wireName())
                    + ",\"value\":" + string(addedIfAbsent.get().value()) + "}");
        }
        return edits.apply();
    }

    /** The message for a {@code cache=false}, deletion or refused item: only id and global-cache change. */
    public static byte[] passThrough(Notification n, String cacheCentreId) {
        return common(n, cacheCentreId).apply();
    }

    private static Edits common(Notification n, String cacheCentreId) {
        Objects.requireNonNull(cacheCentreId, "cacheCentreId");
        Edits edits = new Edits(n.received());
        edits.replace(edits.layout.id(), string(id(cacheCentreId, n.dataId(), n.pubtime()).toString()));
        if (edits.layout.globalCache() != null) {
            edits.replace(edits.layout.globalCache(), string(cacheCentreId));
        } else {
            edits.addProperty("global-cache", string(cacheCentreId));
        }
        return edits;
    }

    /** A JSON string literal, escaped as JSON requires. */
    private static String string(String value) {
        return Json.MAPPER.writeValueAsString(value);
    }

    /** New bytes for one span of the received bytes (an empty span is an insertion). */
    private record Replacement(MessageLayout.Span span, byte[] bytes) {
    }

    /** Replacements of spans of the received bytes, and members appended to {@code properties}. */
    private static final class Edits {
        final byte[] received;
        final MessageLayout layout;
        private final List<Replacement> replacements = new ArrayList<>();
        private final StringBuilder added = new StringBuilder();

        Edits(byte[] received) {
            this.received = received;
            this.layout = MessageLayout.of(received);
        }

        void replace(MessageLayout.Span span, String json) {
            replacements.add(new Replacement(span, json.getBytes(StandardCharsets.UTF_8)));
        }

        void addProperty(String name, String json) {
            boolean first = layout.propertiesEmpty() && added.isEmpty();
            added.append(first ? "" : ",").append(string(name)).append(':').append(json);
        }

        byte[] apply() {
            if (!added.isEmpty()) {
                int at = layout.propertiesEnd();
                replacements.add(new Replacement(new MessageLayout.Span(at, at), added.toString()
                        .getBytes(StandardCharsets.UTF_8)));
            }
            replacements.sort(Comparator.comparingInt(r -> r.span().start()));
            ByteArrayOutputStream out = new ByteArrayOutputStream(received.length + 256);
            int from = 0;
            for (Replacement r : replacements) {
                out.write(received, from, r.span().start() - from);
                out.writeBytes(r.bytes());
                from = r.span().end();
            }
            out.write(received, from, received.length - from);
            return out.toByteArray();
        }
    }

    /** RFC 9562 name-based UUID, version 5 (SHA-1). */
    static UUID uuid5(UUID namespace, byte[] name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] h = sha1.digest(name);
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
