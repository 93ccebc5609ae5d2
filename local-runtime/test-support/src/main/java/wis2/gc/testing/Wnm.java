package wis2.gc.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one builder of WIS2 notification messages, for the tests of every module, the demo and the
 * bench. A message starts from one of four places and is then edited field by field:
 * <ul>
 *   <li>{@link #data()}: a small message built here, with a canonical and an item link;</li>
 *   <li>{@link #from(Template)}: an official WNM example ({@code wis2/wnm/}, see SOURCES.md there)
 *       without its inline content and integrity, with a fresh id;</li>
 *   <li>{@link #resource(String)}: any message on the classpath, as it is;</li>
 *   <li>{@link #of(ObjectNode)}: a tree a test has made.</li>
 * </ul>
 * The setters that name a link ({@link #rel}, {@link #href}, {@link #type}, {@link #length}) change
 * the first one. Numbers keep their text (floats are read as decimals with their scale), so a
 * message read from a file is written back with the same values.
 */
public final class Wnm {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

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

    /**
     * A small valid data notification: a random id, a data_id under {@code wis2/xx-test/}, pubtime
     * {@code 2026-11-25T06:00:00Z}, a canonical link to {@code https://example.org/data/obs.bufr4}
     * ({@code application/bufr}) and an item link.
     */
    public static Wnm data() {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", UUID.randomUUID().toString());
        root.putArray("conformsTo").add("http://wis.wmo.int/spec/wnm/1/conf/core");
        root.put("type", "Feature");
        root.putNull("geometry");
        ObjectNode p = root.putObject("properties");
        p.put("data_id", "wis2/xx-test/data/core/weather/surface/obs-" + UUID.randomUUID());
        p.put("metadata_id", "urn:wmo:md:xx-test:surface-obs");
        p.put("pubtime", "2026-11-25T06:00:00Z");
        p.put("datetime", "2026-11-25T05:50:00Z");
        ArrayNode links = root.putArray("links");
        links.addObject().put("href", "https://example.org/data/obs.bufr4").put("rel", "canonical")
                .put("type", "application/bufr");
        links.addObject().put("href", "https://example.org/oapi/items/x").put("rel", "item")
                .put("type", "application/json");
        return new Wnm(root);
    }

    /** An official example, without its inline content (whose size does not match) and integrity, with a fresh id. */
    public static Wnm from(Template template) {
        Wnm wnm = resource("wis2/wnm/" + template.resource);
        wnm.properties().remove("content");
        wnm.properties().remove("integrity");
        return wnm.id(UUID.randomUUID());
    }

    /** The notification in the classpath resource {@code name}, every field as it is there. */
    public static Wnm resource(String name) {
        return new Wnm((ObjectNode) JSON.readTree(Resources.bytes(name)));
    }

    /** Wraps {@code tree} (not a copy: edits show in both). */
    public static Wnm of(ObjectNode tree) {
        return new Wnm(tree);
    }

    public Wnm id(String id) {
        root.put("id", id);
        return this;
    }

    public Wnm id(UUID id) {
        return id(id.toString());
    }

    public Wnm dataId(String dataId) {
        properties().put("data_id", dataId);
        return this;
    }

    public Wnm pubtime(String pubtime) {
        properties().put("pubtime", pubtime);
        return this;
    }

    public Wnm pubtime(Instant pubtime) {
        return pubtime(pubtime.toString());
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

    /** The relation of the first link. */
    public Wnm rel(String rel) {
        link(root, 0).put("rel", rel);
        return this;
    }

    public Wnm href(String href) {
        link(root, 0).put("href", href);
        return this;
    }

    /** The media type of the first link; null removes it. */
    public Wnm type(String type) {
        if (type == null) {
            link(root, 0).remove("type");
        } else {
            link(root, 0).put("type", type);
        }
        return this;
    }

    public Wnm length(long length) {
        link(root, 0).put("length", length);
        return this;
    }

    /** Replaces the links with one link of relation {@code rel} (canonical, update or deletion). */
    public Wnm link(String rel, String href, String type) {
        ObjectNode link = root.putArray("links").addObject().put("href", href).put("rel", rel);
        if (type != null) {
            link.put("type", type);
        }
        return this;
    }

    public Wnm integrity(String method, String value) {
        properties().putObject("integrity").put("method", method).put("value", value);
        return this;
    }

    /** Declares {@code digest} (base64) as the {@code method} digest of the data. */
    public Wnm integrity(String method, byte[] digest) {
        return integrity(method, Base64.getEncoder().encodeToString(digest));
    }

    /** Declares the sha512 of {@code data}, as a well-behaved WIS2 node does. */
    public Wnm integrityOf(byte[] data) {
        return integrity("sha512", sha512(data));
    }

    /** Inline {@code properties.content}, taken as given (a test may make it lie). */
    public Wnm content(String encoding, String value, long size) {
        properties().putObject("content").put("encoding", encoding).put("value", value).put("size", size);
        return this;
    }

    /** Embeds {@code data} as UTF-8 inline content with its true size. */
    public Wnm inlineUtf8(String data) {
        return content("utf-8", data, data.getBytes(StandardCharsets.UTF_8).length);
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

    /** Any other change, made on the tree itself. */
    public Wnm edit(Consumer<ObjectNode> edit) {
        edit.accept(root);
        return this;
    }

    public String id() {
        return root.path("id").asString();
    }

    public String dataId() {
        return properties().path("data_id").asString();
    }

    public String pubtime() {
        return properties().path("pubtime").asString();
    }

    /** The message as a tree (not a copy). */
    public ObjectNode tree() {
        return root;
    }

    public String json() {
        return JSON.writeValueAsString(root);
    }

    public byte[] bytes() {
        return JSON.writeValueAsBytes(root);
    }

    /** Parses a JSON message (e.g. a republished one) for assertions. */
    public static ObjectNode parse(byte[] json) {
        return (ObjectNode) JSON.readTree(json);
    }

    /** The {@code properties} object of {@code tree}. */
    public static ObjectNode properties(ObjectNode tree) {
        return (ObjectNode) tree.get("properties");
    }

    /** Link number {@code index} of {@code tree}. */
    public static ObjectNode link(ObjectNode tree, int index) {
        return (ObjectNode) tree.get("links").get(index);
    }

    public static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    private ObjectNode properties() {
        return properties(root);
    }
}
