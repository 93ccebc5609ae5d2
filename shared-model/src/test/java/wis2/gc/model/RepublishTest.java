package wis2.gc.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RepublishTest {

    private static final String CACHE = "xx-example-global-cache";
    private static final String URL = "https://cache.example.org/de-dwd/x/_/2023/A.bufr4";
    private static final Integrity ADDED = Integrity.sha512Of(IntegrityMethod.SHA512.digest("data".getBytes(UTF_8)));

    @Test
    void cached_newData_changesOnlyIdHrefLengthGlobalCacheAndAddedIntegrity() {
        Notification n = Messages.rich(t -> { });
        JsonNode out = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, 1234, ADDED));

        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder(
                "/id", "/links/1/href", "/links/1/length", "/properties/global-cache", "/properties/integrity");
        assertThat(out.path("id").stringValue()).isEqualTo(Republish.id(CACHE, n.dataId(), n.pubtime()).toString());
        assertThat(out.path("links").get(1).path("href").stringValue()).isEqualTo(URL);
        assertThat(out.path("links").get(1).path("length").longValue()).isEqualTo(1234);
        assertThat(out.path("properties").path("global-cache").stringValue()).isEqualTo(CACHE);
        assertThat(out.path("properties").path("integrity").path("method").stringValue()).isEqualTo("sha512");
        assertThat(out.path("properties").path("integrity").path("value").stringValue()).isEqualTo(ADDED.value());
    }

    @Test
    void cached_keepsNumbersAsWrittenAndIsCompact() {
        String out = new String(Republish.cached(Messages.rich(t -> { }), CACHE, URL, 1, ADDED), UTF_8);
        assertThat(out).contains("[6.1000,46.22000000000000000001]").contains("1.0E+2").contains("2.50")
                .doesNotContain("\n").doesNotContain(": ");
    }

    @Test
    void cached_update_rewritesTheUpdateLinkInPlaceAndKeepsExistingIntegrity() {
        Notification n = Messages.rich(t -> {
            Messages.link(t, 1).put("rel", "update");
            Messages.link(t, 2).put("rel", "canonical");
            Messages.props(t).putObject("integrity").put("method", "sha256").put("value", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        });
        assertThat(n.isUpdate()).isTrue();
        JsonNode out = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, 9, ADDED));

        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder(
                "/id", "/links/1/href", "/links/1/length", "/properties/global-cache");
        assertThat(out.path("links").get(2).path("href").stringValue()).isEqualTo("https://mirror.example.org/A_SMDL01EDZW_20240101.bufr4");
    }

    @Test
    void cached_replacesAnExistingLengthInPlace() {
        Notification n = TestData.example("wnm-eumetsat-msg-seviri-core-notification.json");
        JsonNode out = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, 409575, ADDED));
        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder("/id", "/links/0/href", "/properties/global-cache");
    }

    @Test
    void passThrough_cacheFalse_changesOnlyIdAndGlobalCache() {
        Notification n = TestData.example("wnm-example3.json");
        assertThat(n.cache()).isFalse();
        JsonNode out = Json.MAPPER.readTree(Republish.passThrough(n, CACHE));
        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder("/id", "/properties/global-cache");
    }

    @Test
    void passThrough_deletion_changesOnlyIdAndGlobalCache() {
        Notification n = TestData.example("wnm-example4.json");
        assertThat(n.isDeletion()).isTrue();
        JsonNode out = Json.MAPPER.readTree(Republish.passThrough(n, CACHE));
        assertThat(TreeDiff.diff(tree(n), out)).containsExactlyInAnyOrder("/id", "/properties/global-cache");
        assertThatThrownBy(() -> Republish.cached(n, CACHE, URL, 1, ADDED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(n.id());
        assertThatThrownBy(() -> Republish.cached(TestData.example("wnm-example3.json"), CACHE, URL, 1, ADDED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromAnotherCache_replacesGlobalCacheInPlace() {
        Notification n = Messages.rich(t -> {
            Messages.props(t).put("global-cache", "jp-jma-global-cache");
            Messages.props(t).put("after", 1);
            Messages.link(t, 1).put("href", "https://gc.jma.example/cache/A.bufr4").put("length", 465);
        });
        ObjectNode in = tree(n);
        JsonNode cached = Json.MAPPER.readTree(Republish.cached(n, CACHE, URL, 465, ADDED));
        JsonNode passed = Json.MAPPER.readTree(Republish.passThrough(n, CACHE));

        assertThat(TreeDiff.diff(in, cached)).containsExactlyInAnyOrder(
                "/id", "/links/1/href", "/properties/global-cache", "/properties/integrity");
        assertThat(TreeDiff.diff(in, passed)).containsExactlyInAnyOrder("/id", "/properties/global-cache");
        assertThat(cached.path("properties").path("global-cache").stringValue()).isEqualTo(CACHE);
    }

    @Test
    void republish_leavesTheNotificationUntouched() {
        Notification n = Messages.rich(t -> { });
        byte[] before = n.bytes();
        Republish.cached(n, CACHE, URL, 1, ADDED);
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

    @Test
    void cached_rejectsNegativeLength() {
        assertThatThrownBy(() -> Republish.cached(Messages.rich(t -> { }), CACHE, URL, -1, ADDED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ObjectNode tree(Notification n) {
        return n.tree();
    }
}
