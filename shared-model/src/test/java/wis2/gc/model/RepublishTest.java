package wis2.gc.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.testing.Resources;
import wis2.gc.testing.Wnm;

class RepublishTest {

    private static final String CACHE = "xx-example-global-cache";
    private static final String URL = "https://cache.example.org/de-dwd/x/_/2023/A.bufr4";
    private static final Optional<Integrity> ADDED_IF_ABSENT =
            Optional.of(Integrity.sha512Of(IntegrityMethod.SHA512.digest("data".getBytes(UTF_8))));
    private static final Integrity ADDED = ADDED_IF_ABSENT.get();

    @Test
    void cached_newData_changesOnlyIdHrefGlobalCacheAndAddedIntegrity() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json").edit(t -> { }).bytes());
        JsonNode out = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, ADDED_IF_ABSENT));

        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder(
                "/id", "/links/1/href", "/properties/global-cache", "/properties/integrity");
        assertThat(out.path("id").stringValue()).isEqualTo(Republish.id(CACHE, n.dataId(), n.pubtime()).toString());
        assertThat(out.path("links").get(1).path("href").stringValue()).isEqualTo(URL);
        assertThat(out.path("links").get(1).has("length")).isFalse();
        assertThat(out.path("properties").path("global-cache").stringValue()).isEqualTo(CACHE);
        assertThat(out.path("properties").path("integrity").path("method").stringValue()).isEqualTo("sha512");
        assertThat(out.path("properties").path("integrity").path("value").stringValue()).isEqualTo(ADDED.value());
    }

    @Test
    void cached_keepsNumbersAsWritten() {
        String out = new String(Republish.cached(
                Notification.parse(Wnm.resource("messages/rich.json").edit(t -> { }).bytes()), CACHE, URL,
                ADDED_IF_ABSENT), UTF_8);
        assertThat(out).contains("[6.1000,46.22000000000000000001]").contains("1.0E+2").contains("2.50");
    }

    @Test
    void cached_update_rewritesTheUpdateLinkInPlaceAndKeepsExistingIntegrity() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json").edit(t -> {
            Wnm.link(t, 1).put("rel", "update");
            Wnm.link(t, 2).put("rel", "canonical");
            Wnm.properties(t).putObject("integrity").put("method", "sha256")
                    .put("value", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        }).bytes());
        assertThat(n.isUpdate()).isTrue();
        JsonNode out = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, ADDED_IF_ABSENT));

        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder(
                "/id", "/links/1/href", "/properties/global-cache");
        assertThat(out.path("links").get(2).path("href").stringValue()).isEqualTo("https://mirror.example.org/A_SMDL01EDZW_20240101.bufr4");
    }

    @Test
    void cached_keepsAnExistingLengthAsItIs() {
        Notification n = Notification.parse(
                Resources.bytes("examples/valid/" + "wnm-eumetsat-msg-seviri-core-notification.json"));
        JsonNode out = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, ADDED_IF_ABSENT));
        assertThat(out.path("links").get(0).path("length").longValue()).isEqualTo(409575);
        assertThat(TreeDiff.diff(tree(n), out))
                .containsExactlyInAnyOrder("/id", "/links/0/href", "/properties/global-cache");
    }

    @Test
    void passThrough_cacheFalse_changesOnlyIdAndGlobalCache() {
        Notification n = Notification.parse(Resources.bytes("examples/valid/" + "wnm-example3.json"));
        assertThat(n.cache()).isFalse();
        JsonNode out = Json.MAPPER.readTree(Republish.passThrough(n, CACHE));
        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder("/id", "/properties/global-cache");
    }

    @Test
    void passThrough_deletion_changesOnlyIdAndGlobalCache() {
        Notification n = Notification.parse(Resources.bytes("examples/valid/" + "wnm-example4.json"));
        assertThat(n.isDeletion()).isTrue();
        JsonNode out = Json.MAPPER.readTree(Republish.passThrough(n, CACHE));
        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder("/id", "/properties/global-cache");
        assertThatThrownBy(() -> Republish.cached(n, CACHE, URL, ADDED_IF_ABSENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(n.id());
        assertThatThrownBy(() -> Republish.cached(
                Notification.parse(Resources.bytes("examples/valid/" + "wnm-example3.json")), CACHE, URL,
                ADDED_IF_ABSENT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromAnotherCache_replacesGlobalCacheInPlace() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json").edit(t -> {
            Wnm.properties(t).put("global-cache", "jp-jma-global-cache");
            Wnm.properties(t).put("after", 1);
            Wnm.link(t, 1).put("href", "https://gc.jma.example/cache/A.bufr4").put("length", 465);
        }).bytes());
        ObjectNode in = tree(n);
        JsonNode cached = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, ADDED_IF_ABSENT));
        JsonNode passed = Json.MAPPER.readTree(Republish.passThrough(n, CACHE));

        assertThat(TreeDiff.diff(in, cached)).containsExactlyInAnyOrder(
                "/id", "/links/1/href", "/properties/global-cache", "/properties/integrity");
        assertThat(TreeDiff.diff(in, passed)).containsExactlyInAnyOrder("/id", "/properties/global-cache");
        assertThat(cached.path("properties").path("global-cache").stringValue()).isEqualTo(CACHE);
    }

    @Test
    void republish_leavesTheNotificationUntouched() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json").edit(t -> { }).bytes());
        byte[] before = n.bytes();
        Republish.cached(n, CACHE, URL, ADDED_IF_ABSENT);
        Republish.passThrough(n, CACHE);
        assertThat(n.bytes()).isEqualTo(before);
        assertThat(TreeDiff.diff(tree(n), Json.MAPPER.readTree(before))).isEmpty();
    }

    @Test
    void id_isUuidV5StableAcrossPubtimeSpellings() {
        UUID a = Republish.id(CACHE, "d/1", Pubtime.parse("2024-01-01T00:00:00Z"));
        UUID b = Republish.id(CACHE, "d/1", Pubtime.parse("2024-01-01T01:00:00.000+01:00"));
        assertThat(a).isEqualTo(b);
        assertThat(a.version()).isEqualTo(5);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(Republish.id(CACHE, "d/1", Pubtime.parse("2024-01-01T00:00:00.000000001Z"))).isNotEqualTo(a);
        assertThat(Republish.id("other-global-cache", "d/1", Pubtime.parse("2024-01-01T00:00:00Z"))).isNotEqualTo(a);
        assertThat(Republish.id(CACHE, "d/2", Pubtime.parse("2024-01-01T00:00:00Z"))).isNotEqualTo(a);
        // length prefixes keep ("ab","c") and ("a","bc") apart
        assertThat(Republish.id("ab", "c", Pubtime.parse("2024-01-01T00:00:00Z")))
                .isNotEqualTo(Republish.id("a", "bc", Pubtime.parse("2024-01-01T00:00:00Z")));
    }

    @Test
    void uuid5_matchesTheRfcExample() {
        // RFC 9562 appendix A.4: v5 of the DNS namespace and "www.example.com"
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(Republish.uuid5(dns, "www.example.com".getBytes(UTF_8)))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"valid/wnm-example1.json", "valid/wnm-example2.json",
            "valid/wnm-eumetsat-msg-seviri-core-notification.json"})
    void cached_wmoExample_differsOnlyWhereAllowedFieldByFieldAndAsText(String example) {
        String in = new String(Resources.bytes("examples/" + example), UTF_8);
        Notification n = Notification.parse(in.getBytes(UTF_8));

        String out = new String(Republish.cached(n, CACHE, URL, Optional.empty()), UTF_8);

        int link = n.actionLink().index();
        assertThat(TreeDiff.diff(tree(n), Json.MAPPER.readTree(out)))
                .containsExactlyInAnyOrder("/id", "/links/" + link + "/href", "/properties/global-cache");
        assertThat(undone(out, n)).isEqualTo(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wnm-example3.json", "wnm-example4.json"})
    void passThrough_wmoExample_differsOnlyInIdAndGlobalCacheAsText(String example) {
        String in = new String(Resources.bytes("examples/valid/" + example), UTF_8);
        Notification n = Notification.parse(in.getBytes(UTF_8));

        String out = new String(Republish.passThrough(n, CACHE), UTF_8);

        assertThat(TreeDiff.diff(tree(n), Json.MAPPER.readTree(out)))
                .containsExactlyInAnyOrder("/id", "/properties/global-cache");
        assertThat(undone(out, n)).isEqualTo(in);
    }

    /** Number spellings and string escapes a re-serialisation would change, in a message without length. */
    private static final String VARIANT = """
            { "id" : "7b0f5a4e-2c1d-4e8f-9a6b-3c2d1e0f9a8b",
              "type":"Feature", "conformsTo":["http://wis.wmo.int/spec/wnm/1/conf/core"],
              "geometry":{"type":"Point","coordinates":[-0.0, 1E5, 1.0e-7, 12.50, -0]},
              "properties":{"data_id":"wis2/xx-node/data/core/x/caf\\u00e9\\/\\"q\\"\\n",\
            "pubtime":"2024-06-01T00:00:00Z",
                "datetime":"2024-06-01T00:00:00Z",
                "title":"\\u00e9\\ud83d\\ude00 tab\\t slash\\/ \\\\", "x-big":123456789012345678901234567890,
                "x-nested":{"a":[{"b":[]},{}],"c":{}}},
              "links":[{"rel":"via","href":"https://example.org/a\\/b"},
                       {"href":"https://example.org/data/x.bufr4?a=1\\u0026b=2","rel":"canonical","type":"application/bufr"}]
            }
            """;

    @Test
    void cached_variantWithOddNumbersAndEscapes_keepsEveryOtherByte() {
        Notification n = Notification.parse(VARIANT.getBytes(UTF_8));

        String out = new String(Republish.cached(n, CACHE, URL, ADDED_IF_ABSENT), UTF_8);

        assertThat(out).contains("[-0.0, 1E5, 1.0e-7, 12.50, -0]").contains("123456789012345678901234567890")
                .contains("\"title\":\"\\u00e9\\ud83d\\ude00 tab\\t slash\\/ \\\\\"")
                .contains("\"href\":\"https://example.org/a\\/b\"").doesNotContain("length");
        assertThat(TreeDiff.diff(tree(n), Json.MAPPER.readTree(out)))
                .containsExactlyInAnyOrder("/id", "/links/1/href", "/properties/global-cache", "/properties/integrity");
        String added = ",\"global-cache\":\"" + CACHE + "\",\"integrity\":{\"method\":\"sha512\",\"value\":\""
                + ADDED.value() + "\"}";
        assertThat(undone(out.replace(added, ",\"global-cache\":\"" + CACHE + "\""), n)).isEqualTo(VARIANT);
    }

    @Test
    void cached_withoutAddedIntegrity_addsNoIntegrity() {
        Notification n = Notification.parse(VARIANT.getBytes(UTF_8));
        JsonNode out = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, Optional.empty()));
        assertThat(out.path("properties").has("integrity")).isFalse();
        assertThat(TreeDiff.diff(tree(n), out))
                .containsExactlyInAnyOrder("/id", "/links/1/href", "/properties/global-cache");
    }

    @Test
    void cached_escapedMemberNames_areFoundAndEditedInPlace() {
        String in = VARIANT.replace("\"id\" :", "\"\\u0069d\" :").replace("\"href\":\"https://example.org/data", "\"hr\\u0065f\":\"https://example.org/data");
        Notification n = Notification.parse(in.getBytes(UTF_8));

        String out = new String(Republish.cached(n, CACHE, URL, Optional.empty()), UTF_8);

        assertThat(TreeDiff.diff(tree(n), Json.MAPPER.readTree(out)))
                .containsExactlyInAnyOrder("/id", "/links/1/href", "/properties/global-cache");
        assertThat(undone(out, n)).isEqualTo(in);
    }

    @Test
    void cached_fromAnotherCache_replacesGlobalCacheValueWhereItIs() {
        String in = VARIANT.replace("\"title\":", "\"global-cache\" : \"jp-jma-global-cache\", \"title\":");
        Notification n = Notification.parse(in.getBytes(UTF_8));

        String out = new String(Republish.cached(n, CACHE, URL, ADDED_IF_ABSENT), UTF_8);

        assertThat(out).contains("\"global-cache\" : \"" + CACHE + "\", \"title\":");
        assertThat(TreeDiff.diff(tree(n), Json.MAPPER.readTree(out)))
                .containsExactlyInAnyOrder("/id", "/links/1/href", "/properties/global-cache", "/properties/integrity");
    }

    /**
     * The republication with its allowed changes undone: the new id and the cache URL swapped
     * back for the received ones, the added global-cache member taken out. Equal to the received
     * text only when nothing else was touched.
     */
    private static String undone(String out, Notification n) {
        String received = new String(n.bytes(), UTF_8);
        String href = rawValue(received, n.actionLink().href());
        String result = out.replace("\"" + Republish.id(CACHE, n.dataId(), n.pubtime()) + "\"",
                rawValue(received, n.id()))
                .replace(",\"global-cache\":\"" + CACHE + "\"", "");
        return n.isDeletion() || !n.cache() ? result : result.replace("\"" + URL + "\"", href);
    }

    /** The text of a string value in the received message, escapes as written (the first that decodes to {@code
     * value}). */
    private static String rawValue(String received, String value) {
        var m = java.util.regex.Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"").matcher(received);
        while (m.find()) {
            if (Json.MAPPER.readValue(m.group(), String.class).equals(value)) {
                return m.group();
            }
        }
        throw new AssertionError("no string " + value + " in the received message");
    }

    private static ObjectNode tree(Notification n) {
        return n.tree();
    }
}
