package wis2.gc.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.testing.Resources;
import wis2.gc.testing.Wnm;

class NotificationTest {

    @ParameterizedTest
    @ValueSource(strings = {"wnm-example1.json", "wnm-example2.json", "wnm-example3.json", "wnm-example4.json",
            "wnm-eumetsat-msg-seviri-core-notification.json"})
    void parse_acceptsEveryValidExample(String name) {
        Notification n = Notification.parse(Resources.bytes("examples/valid/" + name));
        assertThat(n.dataId()).isNotBlank();
        assertThat(n.id()).isNotBlank();
        assertThat(n.bytes()).isEqualTo(Resources.bytes("examples/valid/" + name));
    }

    @Test
    void parse_negativeContentSize_leavesTheContentUnusableInsteadOfFailing() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json")
                .edit(t -> Wnm.properties(t).putObject("content")
                .put("encoding", "utf-8").put("value", "abc").put("size", -3)).bytes());
        assertThat(n.content()).isEmpty();
        assertThat(n.sourceLink()).isPresent();
    }

    @Test
    void parse_contentSizeAboveTheSchemaMaximum_isASchemaRejection() {
        ObjectNode t = Wnm.resource("messages/rich.json").tree();
        Wnm.properties(t).putObject("content").put("encoding", "utf-8").put("value", "abc")
                .put("size", 9_000_000_000_000L);
        assertThatThrownBy(() -> Notification.parse(Wnm.of(t).bytes()))
                .isInstanceOfSatisfying(InvalidNotificationException.class, e -> assertThat(e.reason())
                .isEqualTo("schema"));
    }

    @ParameterizedTest
    @CsvSource({
            "pywis-pubsub-test_invalid-content-missing-size.json, schema, /properties/content required property 'size'",
            "pywis-pubsub-test_invalid_datetime-missing-pubtime.json, no-pubtime, properties.pubtime",
            "pywis-pubsub-test_malformed-trailing-comma.json, not-json, ''"})
    void parse_rejectsEveryInvalidExampleWithItsReason(String name, String reason, String detail) {
        byte[] bytes = Resources.bytes("examples/invalid/" + name);
        assertThatThrownBy(() -> Notification.parse(bytes))
                .isInstanceOfSatisfying(InvalidNotificationException.class, e -> assertThat(e.reason())
                .isEqualTo(reason))
                .hasMessageContaining(detail);
    }

    @Test
    void accessors_readExample1() {
        Notification n = Notification.parse(Resources.bytes("examples/valid/" + "wnm-example1.json"));
        assertThat(n.id()).isEqualTo("31e9d66a-cd83-4174-9429-b932f1abe1be");
        assertThat(n.dataId()).isEqualTo("dataset/123/data-granule/UANT01_CWAO_200445___15103.bufr4");
        assertThat(n.pubtime()).isEqualTo(Pubtime.parse("2022-03-20T04:50:18Z"));
        assertThat(n.cache()).isTrue();
        assertThat(n.globalCache()).isEmpty();
        assertThat(n.integrity()).contains(new Integrity(IntegrityMethod.SHA512, "A2KNxvks...S8qfSCw=="));
        assertThat(n.content()).contains(new InlineContent("utf-8", "encoded bytes from the file", 457));
        assertThat(n.links()).hasSize(2);
        Link source = n.sourceLink().orElseThrow();
        assertThat(source.index()).isZero();
        assertThat(source.rel()).isEqualTo("canonical");
        assertThat(source.href()).isEqualTo("https://example.org/data/4Pubsub/92c557ef-d28e-4713-91af-2e2e7be6f8ab.bufr4");
        assertThat(source.type()).isEqualTo("application/bufr");
        assertThat(source.length()).isEmpty();
        assertThat(source.host()).isEqualTo("example.org");
        assertThat(n.isUpdate()).isFalse();
        assertThat(n.isDeletion()).isFalse();
        assertThat(n).hasToString("Notification[id=31e9d66a-cd83-4174-9429-b932f1abe1be, data_id="
                + "dataset/123/data-granule/UANT01_CWAO_200445___15103.bufr4, pubtime=2022-03-20T04:50:18Z]");
    }

    @Test
    void accessors_readCacheFalseDeletionAndLength() {
        Notification deletion = Notification.parse(Resources.bytes("examples/valid/" + "wnm-example4.json"));
        assertThat(deletion.cache()).isFalse();
        assertThat(deletion.isDeletion()).isTrue();
        assertThat(deletion.sourceLink()).isEmpty();
        assertThat(deletion.actionLink().rel()).isEqualTo("deletion");
        assertThat(Notification.parse(
                Resources.bytes("examples/valid/" + "wnm-eumetsat-msg-seviri-core-notification.json")).sourceLink()
                .orElseThrow().length())
                .hasValue(409575);
    }

    @Test
    void sourceLink_updateWinsOverCanonicalWhateverTheOrder() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json")
                .edit(t -> Wnm.link(t, 2).put("rel", "update")).bytes());
        assertThat(n.isUpdate()).isTrue();
        assertThat(n.sourceLink().orElseThrow().index()).isEqualTo(2);
        assertThat(n.sourceLink().orElseThrow().href()).isEqualTo("https://mirror.example.org/A_SMDL01EDZW_20240101.bufr4");
    }

    @Test
    void sourceLink_deletionWinsOverUpdateAndCanonical() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json").edit(t -> {
            Wnm.link(t, 0).put("rel", "update");
            Wnm.link(t, 2).put("rel", "deletion");
        }).bytes());
        assertThat(n.isDeletion()).isTrue();
        assertThat(n.isUpdate()).isFalse();
        assertThat(n.sourceLink()).isEmpty();
        assertThat(n.actionLink().index()).isEqualTo(2);
    }

    @Test
    void sourceLink_firstOfSeveralCanonicalLinks() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json")
                .edit(t -> Wnm.link(t, 2).put("rel", "canonical")).bytes());
        assertThat(n.sourceLink().orElseThrow().index()).isEqualTo(1);
    }

    @Test
    void parse_rejectsMessageWithoutCanonicalUpdateOrDeletion() {
        expectReason(t -> Wnm.link(t, 1).put("rel", "item"), "no-source-link", "rel=canonical");
    }

    @Test
    void parse_rejectsMissingOrEmptyDataIdAndPubtime() {
        expectReason(t -> Wnm.properties(t).remove("data_id"), "no-data-id", "properties.data_id");
        expectReason(t -> Wnm.properties(t).put("data_id", ""), "no-data-id", "properties.data_id");
        expectReason(t -> Wnm.properties(t).put("data_id", 42), "no-data-id", "properties.data_id");
        expectReason(t -> t.remove("properties"), "no-data-id", "properties.data_id");
        expectReason(t -> Wnm.properties(t).remove("pubtime"), "no-pubtime", "properties.pubtime");
        expectReason(t -> Wnm.properties(t).put("pubtime", "20 March 2022"), "bad-pubtime", "20 March 2022");
    }

    @Test
    void parse_rejectsSchemaViolationsNamingThePath() {
        expectReason(t -> Wnm.properties(t).putObject("integrity").put("method", "md5").put("value", "x"), "schema",
                "/properties/integrity/method");
        expectReason(t -> t.remove("links"), "schema", "links");
        expectReason(t -> t.putArray("links"), "schema", "/links");
        expectReason(t -> Wnm.link(t, 1).remove("href"), "schema", "/links/1");
        expectReason(t -> t.put("type", "FeatureCollection"), "schema", "/type");
        expectReason(t -> Wnm.properties(t).remove("datetime"), "schema", "datetime");
        expectReason(t -> Wnm.properties(t).put("cache", "no"), "schema", "/properties/cache");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{", "{\"a\":1} trailing", "{\"a\":1,\"a\":2}"})
    void parse_rejectsWhatIsNotJson(String text) {
        assertThatThrownBy(() -> Notification.parse(text.getBytes(UTF_8)))
                .isInstanceOfSatisfying(InvalidNotificationException.class, e -> assertThat(e.reason())
                .isEqualTo("not-json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "42", "\"text\"", "null"})
    void parse_rejectsJsonThatIsNotAnObject(String text) {
        assertThatThrownBy(() -> Notification.parse(text.getBytes(UTF_8)))
                .isInstanceOfSatisfying(InvalidNotificationException.class, e -> assertThat(e.reason())
                .isEqualTo("not-object"));
    }

    @Test
    void parse_keepsUnknownFieldsAndOrder() {
        ObjectNode rich = Wnm.resource("messages/rich.json").tree();
        Notification n = Notification.parse(Wnm.of(rich).bytes());
        assertThat(TreeDiff.diff(rich, n.tree())).isEmpty();
        assertThat(n.tree().propertyNames()).containsExactly(
                "links", "type", "x-producer-extension", "id", "properties", "geometry", "conformsTo");
        assertThat(n.pubtime().text()).isEqualTo("2024-01-01T00:05:30.123456789+01:00");
    }

    @Test
    void parse_isSafeFromManyThreadsAtOnce() throws Exception {
        byte[] good = Wnm.of(Wnm.resource("messages/rich.json").tree()).bytes();
        byte[] bad = Resources.bytes("examples/invalid/pywis-pubsub-test_invalid-content-missing-size.json");
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Callable<Boolean>> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean valid = i % 2 == 0;
                tasks.add(() -> {
                    try {
                        Notification.parse(valid ? good : bad);
                        return valid;
                    } catch (InvalidNotificationException e) {
                        return !valid && e.reason().equals("schema");
                    }
                });
            }
            for (var f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isTrue();
            }
        }
    }

    @Test
    void peek_readsIdDataIdAndGlobalCacheWithoutValidating() {
        byte[] bytes =
                ("{\"geometry\":{\"x\":[1,{\"id\":\"nested\"}]},\"id\":\"m1\",\"properties\":{\"content\":{\"data_i"
                + "d\":\"no\"},"
                + "\"data_id\":\"d/1\",\"global-cache\":\"jp-jma-global-cache\",\"cache\":false}}").getBytes(UTF_8);
        assertThat(Notification.peek(bytes)).isEqualTo(new Notification.Peek("d/1", "m1", "jp-jma-global-cache"));
        assertThat(Notification.peek(
                Resources.bytes("examples/invalid/pywis-pubsub-test_invalid_datetime-missing-pubtime.json")))
                .isEqualTo(new Notification.Peek(
                        "wis2/CAN/eccc-msc/data/core/weather/surface-based-obs/landFixed/UANT01_CWAO_200445___15103"
                        + ".bufr4",
                        "31e9d66a-cd83-4174-9429-b932f1abe1be", null));
    }

    @Test
    void peek_givesNullsForMissingOrNonStringFields() {
        assertThat(Notification.peek("{\"id\":5,\"properties\":{\"data_id\":[\"x\"]}}".getBytes(UTF_8)))
                .isEqualTo(new Notification.Peek(null, null, null));
        assertThat(Notification.peek("{\"properties\":\"x\"}".getBytes(UTF_8)))
                .isEqualTo(new Notification.Peek(null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1]", "{\"id\":", "{\"id\":\"a\"} {}", "nope"})
    void peek_rejectsWhatIsNotOneJsonObject(String text) {
        assertThatThrownBy(() -> Notification.peek(text.getBytes(UTF_8)))
                .isInstanceOfSatisfying(InvalidNotificationException.class, e -> assertThat(e.reason())
                .isEqualTo("not-json"));
    }

    private static void expectReason(Consumer<ObjectNode> edit, String reason, String detail) {
        ObjectNode t = Wnm.resource("messages/rich.json").tree();
        edit.accept(t);
        byte[] bytes = Wnm.of(t).bytes();
        assertThatThrownBy(() -> Notification.parse(bytes))
                .isInstanceOfSatisfying(InvalidNotificationException.class, e -> assertThat(e.reason())
                .isEqualTo(reason))
                .hasMessageContaining(detail);
    }
}
