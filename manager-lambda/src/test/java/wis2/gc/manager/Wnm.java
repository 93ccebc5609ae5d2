package wis2.gc.manager;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds WIS2 notification messages for tests, shaped like the examples in shared/wis2/examples/valid. */
final class Wnm {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String id = UUID.randomUUID().toString();
    private String dataId = "wis2/xx-test/data/core/weather/surface/obs-" + UUID.randomUUID();
    private String pubtime = "2026-11-25T06:00:00Z";
    private String rel = "canonical";
    private String href = "https://example.org/data/obs.bufr4";
    private String type = "application/bufr";
    private Long length;
    private Boolean cache;
    private String integrityMethod;
    private String integrityValue;
    private ObjectNode content;
    private String globalCache;

    static Wnm data() {
        return new Wnm();
    }

    Wnm id(String v) {
        id = v;
        return this;
    }

    Wnm dataId(String v) {
        dataId = v;
        return this;
    }

    Wnm pubtime(String v) {
        pubtime = v;
        return this;
    }

    Wnm rel(String v) {
        rel = v;
        return this;
    }

    Wnm href(String v) {
        href = v;
        return this;
    }

    Wnm type(String v) {
        type = v;
        return this;
    }

    Wnm length(long v) {
        length = v;
        return this;
    }

    Wnm cache(boolean v) {
        cache = v;
        return this;
    }

    Wnm integrity(String method, byte[] digest) {
        return integrity(method, Base64.getEncoder().encodeToString(digest));
    }

    Wnm integrity(String method, String value) {
        integrityMethod = method;
        integrityValue = value;
        return this;
    }

    Wnm content(String encoding, String value, long size) {
        content = JSON.createObjectNode().put("encoding", encoding).put("value", value).put("size", size);
        return this;
    }

    Wnm globalCache(String v) {
        globalCache = v;
        return this;
    }

    String dataId() {
        return dataId;
    }

    String pubtime() {
        return pubtime;
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.putArray("conformsTo").add("http://wis.wmo.int/spec/wnm/1/conf/core");
        root.put("type", "Feature");
        root.putNull("geometry");
        ObjectNode p = root.putObject("properties");
        p.put("data_id", dataId);
        p.put("metadata_id", "urn:wmo:md:xx-test:surface-obs");
        p.put("pubtime", pubtime);
        p.put("datetime", "2026-11-25T05:50:00Z");
        if (cache != null) p.put("cache", cache);
        if (integrityMethod != null) p.putObject("integrity").put("method", integrityMethod).put("value", integrityValue);
        if (content != null) p.set("content", content);
        if (globalCache != null) p.put("global-cache", globalCache);
        ObjectNode link = root.putArray("links").addObject().put("href", href).put("rel", rel);
        if (type != null) link.put("type", type);
        if (length != null) link.put("length", length);
        root.withArray("links").addObject().put("href", "https://example.org/oapi/items/x").put("rel", "item").put("type", "application/json");
        return JSON.writeValueAsString(root);
    }

    byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a JSON message (e.g. a republished one) for assertions. */
    static ObjectNode parse(byte[] json) {
        return (ObjectNode) JSON.readTree(json);
    }
}
