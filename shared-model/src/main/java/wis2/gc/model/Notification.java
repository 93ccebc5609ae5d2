package wis2.gc.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A received WIS2 notification message, validated against the WNM schema and the
 * cache's own requirements. The JSON tree is kept as received (unknown fields and field order
 * included) so that {@link Republish} changes only what the rules allow.
 *
 * <p>Source link (WNM: "exactly one of canonical, update, deletion"): the cache needs exactly
 * one link to act on, chosen by precedence: a {@code deletion} link makes the message a
 * deletion; otherwise an {@code update} link is downloaded rather than {@code canonical};
 * among several links of the chosen relation, the first in {@code links} is used and is the one
 * a republish rewrites. A message with none of the three is rejected ({@code no-source-link}).
 * Publishers do send extra {@code canonical} links (other formats, mirrors) next to an
 * {@code update}; refusing those would drop real data, so precedence rather than rejection.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Notification {

    private final byte[] bytes;
    private final ObjectNode tree;
    private final String id;
    private final String dataId;
    private final Pubtime pubtime;
    private final boolean cache;
    private final Optional<String> globalCache;
    private final Optional<Integrity> integrity;
    private final Optional<InlineContent> content;
    private final List<Link> links;
    private final Link source;

    private Notification(byte[] bytes, ObjectNode tree) {
        this.bytes = bytes;
        this.tree = tree;
        JsonNode props = tree.path("properties");
        this.dataId = requireText(props, "data_id", "no-data-id");
        this.pubtime = Pubtime.parse(requireText(props, "pubtime", "no-pubtime"));
        var errors = NotificationSchema.validate(tree);
        if (!errors.isEmpty()) {
            throw new InvalidNotificationException("schema", errors.stream()
                    .limit(5)
                    .map(e -> e.getInstanceLocation() + " " + e.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        this.id = tree.path("id").stringValue();
        this.cache = props.path("cache").booleanValue(true);
        this.globalCache = Optional.ofNullable(props.path("global-cache").stringValue(null));
        this.integrity = props.optional("integrity").map(i -> new Integrity(
                IntegrityMethod.fromWireName(i.path("method").stringValue()), i.path("value").stringValue()));
        this.content = props.optional("content").flatMap(Notification::content);
        this.links = links(tree.path("links"));
        this.source = sourceLink(links);
    }

    /**
     * Parses and validates a notification.
     *
     * @throws InvalidNotificationException naming the reason and the failing detail
     */
    public static Notification parse(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidNotificationException("not-json", e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidNotificationException("not-json", "the message is empty");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidNotificationException("not-object", "the message is not a JSON object");
        }
        return new Notification(bytes.clone(), object);
    }

    /**
     * The fields the listener needs, read cheaply with the streaming parser and no schema check.
     *
     * @param dataId      {@code properties.data_id}, null when absent or not a string
     * @param id          {@code id}, null when absent or not a string
     * @param globalCache {@code properties.global-cache}, null when absent or not a string
     */
    public record Peek(String dataId, String id, String globalCache) {
    }

    /**
     * Reads {@code id}, {@code properties.data_id} and {@code properties.global-cache}.
     *
     * @throws InvalidNotificationException {@code not-json} when the bytes are not one
     *                                      well-formed JSON object
     */
    public static Peek peek(byte[] bytes) {
        String id = null;
        String dataId = null;
        String globalCache = null;
        try (JsonParser p = Json.MAPPER.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidNotificationException("not-json", "the message is not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("id") && value == JsonToken.VALUE_STRING) {
                    id = p.getString();
                } else if (name.equals("properties") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.VALUE_STRING && inner.equals("data_id")) {
                            dataId = p.getString();
                        } else if (v == JsonToken.VALUE_STRING && inner.equals("global-cache")) {
                            globalCache = p.getString();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidNotificationException("not-json", "trailing content after the JSON object");
            }
        } catch (JacksonException e) {
            throw new InvalidNotificationException("not-json", e.getOriginalMessage(), e);
        }
        return new Peek(dataId, id, globalCache);
    }

    private static String requireText(JsonNode props, String field, String reason) {
        JsonNode v = props.get(field);
        if (v == null || !v.isString() || v.stringValue().isEmpty()) {
            throw new InvalidNotificationException(reason, "properties." + field
                    + " is missing or not a non-empty string");
        }
        return v.stringValue();
    }

    /**
     * The inline content, or empty when the source wrote it so that it cannot be used (a
     * negative size, which the schema allows, or an unknown encoding):
     * the cache then downloads the link instead of failing the message.
     */
    private static Optional<InlineContent> content(JsonNode c) {
        JsonNode size = c.path("size");
        // the schema has made size an integer of at most 4096; only its sign is left to check
        if (!size.canConvertToLong() || size.longValue() < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InlineContent(c.path("encoding").stringValue(), c.path("value").stringValue(),
                    size.longValue()));
        } catch (InvalidContentException e) {
            return Optional.empty();
        }
    }

    private static List<Link> links(JsonNode array) {
        var result = new ArrayList<Link>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode l = array.get(i);
            JsonNode length = l.get("length");
            result.add(new Link(i, l.path("rel").stringValue(), l.path("href").stringValue(),
                    l.path("type").stringValue(null),
                    length != null && length.canConvertToLong() ? OptionalLong.of(length.longValue())
                    : OptionalLong.empty()));
        }
        return List.copyOf(result);
    }

    private static Link sourceLink(List<Link> links) {
        for (String rel : List.of(Link.DELETION, Link.UPDATE, Link.CANONICAL)) {
            for (Link l : links) {
                if (l.rel().equals(rel)) {
                    return l;
                }
            }
        }
        throw new InvalidNotificationException("no-source-link",
                "links has no rel=canonical, rel=update or rel=deletion entry");
    }

    /** The message {@code id}. */
    public String id() {
        return id;
    }

    /** {@code properties.data_id}: the dedup key. */
    public String dataId() {
        return dataId;
    }

    /** {@code properties.pubtime}. */
    public Pubtime pubtime() {
        return pubtime;
    }

    /** {@code properties.cache}, true when absent. */
    public boolean cache() {
        return cache;
    }

    /** {@code properties.global-cache}: set when the message was republished by a cache. */
    public Optional<String> globalCache() {
        return globalCache;
    }

    /** {@code properties.integrity}. */
    public Optional<Integrity> integrity() {
        return integrity;
    }

    /** {@code properties.content}, empty when absent or unusable (a negative size): then the link is downloaded. */
    public Optional<InlineContent> content() {
        return content;
    }

    /** Every entry of {@code links}, in order. */
    public List<Link> links() {
        return links;
    }

    /** The link to download: {@code update} over {@code canonical}; empty for a deletion. */
    public Optional<Link> sourceLink() {
        return isDeletion() ? Optional.empty() : Optional.of(source);
    }

    /** The link the cache acts on, including a {@code deletion} link (see the class comment). */
    public Link actionLink() {
        return source;
    }

    /** True when the message carries a {@code rel=deletion} link. */
    public boolean isDeletion() {
        return source.rel().equals(Link.DELETION);
    }

    /** True when the data is an update ({@code rel=update}) and not a deletion. */
    public boolean isUpdate() {
        return source.rel().equals(Link.UPDATE);
    }

    /** The message exactly as received. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The received bytes themselves, for {@link Republish} (which never writes to them). */
    byte[] received() {
        return bytes;
    }

    /** A private copy of the JSON tree. */
    ObjectNode tree() {
        return tree.deepCopy();
    }

    @Override
    public String toString() {
        return "Notification[id=" + id + ", data_id=" + dataId + ", pubtime=" + pubtime + "]";
    }
}
