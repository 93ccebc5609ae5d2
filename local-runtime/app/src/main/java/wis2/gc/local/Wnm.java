package wis2.gc.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * WIS2 notification messages for the demo, the bench and the end-to-end tests, made from the
 * official WNM examples in {@code wis2/wnm/} (see SOURCES.md there): every field of the example
 * is kept except the ones set here.
 */
public final class Wnm {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which official example a message starts from. */
    public enum Template {
        DATA("data-template.json"), CACHE_FALSE("cache-false-template.json"), DELETION("deletion-template.json");

        private final String resource;

        Template(String resource) {
            this.resource = resource;
        }
    }

    private final ObjectNode root;

    private Wnm(ObjectNode root) {
        this.root = root;
    }

    public static Wnm from(Template template) {
        try (InputStream in = Wnm.class.getResourceAsStream("/wis2/wnm/" + template.resource)) {
            if (in == null) {
                throw new IllegalStateException("WNM template " + template.resource + " is missing from the classpath");
            }
            ObjectNode root = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) root.get("properties")).remove("content");
            ((ObjectNode) root.get("properties")).remove("integrity");
            return new Wnm(root).id(UUID.randomUUID());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read WNM template " + template.resource, e);
        }
    }

    public Wnm id(UUID id) {
        root.put("id", id.toString());
        return this;
    }

    public Wnm dataId(String dataId) {
        properties().put("data_id", dataId);
        return this;
    }

    public Wnm pubtime(Instant pubtime) {
        properties().put("pubtime", pubtime.toString());
        return this;
    }

    public Wnm cache(boolean cache) {
        properties().put("cache", cache);
        return this;
    }

    /** Marks the message as republished by the Global Cache {@code centreId}. */
    public Wnm globalCache(String centreId) {
        properties().put("global-cache", centreId);
        return this;
    }

    /** Replaces the links with one link of relation {@code rel} (canonical, update or deletion). */
    public Wnm link(String rel, String href, String type) {
        ArrayNode links = root.putArray("links");
        ObjectNode link = links.addObject().put("href", href).put("rel", rel);
        if (type != null) {
            link.put("type", type);
        }
        return this;
    }

    /** Embeds {@code data} as UTF-8 inline content ({@code properties.content}); {@code size} is its byte count. */
    Wnm inlineUtf8(String data) {
        properties().putObject("content").put("encoding", "utf-8").put("value", data)
                .put("size", data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        return this;
    }

    /**
     * Replaces the geometry with a closed polygon of {@code points} vertices: the large member of
     * real large notifications (a swath, a coastline) that keeps the message valid.
     */
    public Wnm polygon(int points) {
        ObjectNode geometry = root.putObject("geometry").put("type", "Polygon");
        ArrayNode ring = geometry.putArray("coordinates").addArray();
        for (int i = 0; i < points; i++) {
            double angle = 2 * Math.PI * i / points;
            ring.addArray().add(Math.round((10 + 5 * Math.cos(angle)) * 1e9) / 1e9)
                    .add(Math.round((45 + 5 * Math.sin(angle)) * 1e9) / 1e9);
        }
        ring.add(ring.get(0).deepCopy());
        return this;
    }

    /** Declares the sha512 (base64) of {@code data}, as a well-behaved WIS2 node does. */
    public Wnm integrityOf(byte[] data) {
        return integrity("sha512", Base64.getEncoder().encodeToString(sha512(data)));
    }

    public Wnm integrity(String method, String value) {
        properties().putObject("integrity").put("method", method).put("value", value);
        return this;
    }

    public String dataId() {
        return properties().get("data_id").asText();
    }

    public byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise notification " + root.get("id"), e);
        }
    }

    private ObjectNode properties() {
        return (ObjectNode) root.get("properties");
    }

    public static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }
}
