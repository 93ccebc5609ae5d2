package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wis2.gc.testing.Resources;
import wis2.gc.testing.Wnm;

class ObjectKeyTest {

    private static final String CENTRE = "de-dwd-gts-to-wis2";

    /** data_ids meant to break out of the prefix or collide. */
    private static final List<String> HOSTILE_DATA_IDS = List.of(
            "a", "a/b", "a/b/", "/a", "a//b", "a/_", "a/_/b", "_", "a/_5F", "a_5F", "a_x5F", "a_2Fb", "a_x2Fb", "_x",
            "a_xG1", "a/.", ".", "..", "../etc/passwd",
            "a/../b", "a/./b", "...", "a:b", "urn:x-wmo:md:int-wmo-wis::SZIO01AMMC", "a b", "a%20b", "a+b", "a\\b",
            "a?b#c",
            "é/中文/🌧", "e\u0301", "%2e%2e/%2F", "..%2F..%2Fetc", "UANT01_CWAO_200445___15103.bufr4", "_AB", "__AB",
            "x_AB_", "_xAB", "__xAB", "x_xAB_",
            "tab\tnew\nline", "x".repeat(1000), "x".repeat(999) + "y", "y" + "x".repeat(999), "x".repeat(512),
            "x".repeat(513));

    private static final List<String> PUBTIMES = List.of("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000000001Z");

    private static Notification instance(String dataId, String pubtime, String href) {
        return Notification.parse(Wnm.resource("messages/rich.json").edit(t -> {
            Wnm.properties(t).put("data_id", dataId);
            Wnm.properties(t).put("pubtime", pubtime);
            Wnm.link(t, 1).put("href", href);
        }).bytes());
    }

    @Test
    void of_isReadable() {
        Notification n = Notification.parse(Resources.bytes("examples/valid/" + "wnm-example1.json"));
        assertThat(ObjectKey.of("ca-eccc-msc", n).value()).isEqualTo(
                "ca-eccc-msc/dataset/123/data-granule/UANT01_CWAO_200445___15103.bufr4/_/2022-03-20T045018Z/"
                        + "92c557ef-d28e-4713-91af-2e2e7be6f8ab.bufr4");
        Notification rich = Notification.parse(Wnm.resource("messages/rich.json").edit(t -> { }).bytes());
        assertThat(ObjectKey.of(CENTRE, rich).value())
                .endsWith("/_/2023-12-31T230530.123456789Z/A_SMDL01EDZW_20240101.bufr4");
    }

    @Test
    void hostileInputs_giveSafeKeysThatStayUnderTheirPrefixAndNeverCollide() {
        Map<String, String> prefixes = new HashMap<>();
        HOSTILE_DATA_IDS.forEach(d -> prefixes.put(d, ObjectKey.dataIdPrefix(CENTRE, d)));
        var keys = new HashSet<String>();
        var escapes = new ArrayList<String>();
        for (String dataId : HOSTILE_DATA_IDS) {
            for (String pubtime : PUBTIMES) {
                String key = ObjectKey.of(CENTRE, instance(dataId, pubtime, "https://evil.example/..%2F..%2Fetc/..%2Fpasswd")).value();
                assertThat(key).matches("[A-Za-z0-9._/-]+").doesNotStartWith("/").doesNotContain("//")
                        .hasSizeLessThanOrEqualTo(1024);
                assertThat(key.split("/")).doesNotContain("..", ".", "");
                assertThat(key).startsWith(prefixes.get(dataId)).startsWith(CENTRE + "/");
                assertThat(keys.add(key)).as("unique key for %s at %s", dataId, pubtime).isTrue();
                prefixes.forEach((other, prefix) -> {
                    if (!other.equals(dataId) && key.startsWith(prefix)) {
                        escapes.add(dataId + " under the prefix of " + other);
                    }
                });
            }
        }
        assertThat(escapes).isEmpty();
    }

    @Test
    void encode_isReversibleForEveryUncutDataId() {
        for (String dataId : HOSTILE_DATA_IDS) {
            String encoded = ObjectKey.encode(dataId, true, ObjectKey.MAX_DATA_ID);
            if (encoded.length() <= ObjectKey.MAX_DATA_ID) {
                assertThat(ObjectKey.decode(encoded)).as(encoded).isEqualTo(dataId);
            }
        }
        String loneSurrogate = "a\ud800b?";
        assertThat(ObjectKey.decode(ObjectKey.encode(loneSurrogate, false, 100))).isEqualTo(loneSurrogate);
        assertThat(ObjectKey.encode("a\ud800", false, 100)).isNotEqualTo(ObjectKey.encode("a?", false, 100));
    }

    @Test
    void encode_escapesOnlyWhatItMust() {
        assertThat(ObjectKey.encode("UANT01_CWAO_200445___15103.bufr4", true, 512))
                .isEqualTo("UANT01_CWAO_200445___15103.bufr4");
        assertThat(ObjectKey.encode("a b:c/d", true, 512)).isEqualTo("a_x20b_x3Ac/d");
        assertThat(ObjectKey.encode("a/b", false, 512)).isEqualTo("a_x2Fb");
        assertThat(ObjectKey.encode("../x", true, 512)).isEqualTo("_x2E./x");
        assertThat(ObjectKey.encode("é", true, 512)).isEqualTo("_xC3_xA9");
        assertThat(ObjectKey.encode("a_xAB", true, 512)).isEqualTo("a_x5FxAB");
        assertThat(ObjectKey.encode("_", true, 512)).isEqualTo("_x5F");
    }

    @Test
    void longDataIds_areCutWithAHashSuffix() {
        String a = ObjectKey.encode("x".repeat(1000), true, ObjectKey.MAX_DATA_ID);
        String b = ObjectKey.encode("x".repeat(999) + "y", true, ObjectKey.MAX_DATA_ID);
        assertThat(a).hasSize(ObjectKey.MAX_DATA_ID + 1).startsWith("x".repeat(496) + "-").isNotEqualTo(b);
        assertThat(ObjectKey.encode("x".repeat(512), true, ObjectKey.MAX_DATA_ID)).isEqualTo("x".repeat(512));
    }

    @Test
    void fileName_isTheSanitizedLastPathSegment() {
        assertThat(ObjectKey.fileName("https://h/p/..%2F..%2Fetc")).isEqualTo(".._x252F.._x252Fetc");
        assertThat(ObjectKey.fileName("https://h/p/..")).isEqualTo("_x2E.");
        assertThat(ObjectKey.fileName("https://h/p/")).isEqualTo("data");
        assertThat(ObjectKey.fileName("https://h/p/f.grib?x=/y#z")).isEqualTo("f.grib");
        assertThat(ObjectKey.fileName("https://h/" + "f".repeat(300))).hasSize(ObjectKey.MAX_PART + 1);
    }

    @Test
    void publicUrl_joinsBaseAndKey() {
        ObjectKey key = new ObjectKey("c/a_x20b/_/2024-01-01T000000Z/f.bufr4");
        assertThat(key.publicUrl("https://cache.example.org/")).isEqualTo("https://cache.example.org/c/a_x20b/_/2024-01-01T000000Z/f.bufr4");
        assertThat(key.publicUrl("http://127.0.0.1:8080/data")).isEqualTo("http://127.0.0.1:8080/data/c/a_x20b/_/2024-01-01T000000Z/f.bufr4");
        assertThatThrownBy(() -> key.publicUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://x");
        assertThat(java.net.URI.create(key.publicUrl("https://h")).getPath()).isEqualTo("/" + key.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a", "a//b", "a/", "a/../b", "..", "a/./b", "a b", "a%2F", "é", "a\\b"})
    void constructor_refusesUnsafeKeys(String value) {
        assertThatThrownBy(() -> new ObjectKey(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataIdPrefix_refusesEmptyParts() {
        assertThatThrownBy(() -> ObjectKey.dataIdPrefix("", "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectKey.dataIdPrefix("c", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
