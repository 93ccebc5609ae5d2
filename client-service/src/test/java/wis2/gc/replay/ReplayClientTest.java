package wis2.gc.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReplayClientTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ReplayClient client = new ReplayClient(URI.create("https://replay.example.org"), 100,
            Duration.ZERO, Duration.ofSeconds(1));

    @Test
    void features_dropTheTopicTheServiceAddedAndKeepTheRestAsItWas() {
        byte[] stored = TestNotifications.notification("n-1", "xx/data/1", Instant.parse("2026-03-01T10:00:00Z"));
        String original = new String(stored, StandardCharsets.UTF_8);
        // where the service may put the topic: last (as the reference implementation does), first, between
        String last = original.replace("\"A2KNxvks\"}}", "\"A2KNxvks\"}, \"topic\" : \"origin/a/wis2/xx/d\\\"q\"\n}");
        String first = original.replace("{\"pubtime\"", "{ \"topic\":\"origin/a/wis2/xx/data\",\n \"pubtime\"");
        String between = original.replace("\"data_id\"", "\"topic\":\"origin/a/wis2/xx/data\",\"data_id\"");
        String page = "{\"type\":\"FeatureCollection\",\"features\":[" + last + ",\n" + first + "," + between
                + "],\"links\":[]}";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);

        ReplayClient.Page result = ReplayClient.features(bytes, tree(page));

        assertThat(result.notifications()).extracting(Replayed::topic)
                .containsExactly("origin/a/wis2/xx/d\"q", "origin/a/wis2/xx/data", "origin/a/wis2/xx/data");
        assertThat(new String(result.notifications().get(0).body(), StandardCharsets.UTF_8))
                .isEqualTo(original.replace("\"A2KNxvks\"}}", "\"A2KNxvks\"}\n}"));
        assertThat(new String(result.notifications().get(1).body(), StandardCharsets.UTF_8))
                .isEqualTo(original.replace("{\"pubtime\"", "{ \"pubtime\""));
        assertThat(new String(result.notifications().get(2).body(), StandardCharsets.UTF_8)).isEqualTo(original);
    }

    @Test
    void features_skipAFeatureWithoutATopic() {
        String feature = new String(
                TestNotifications.notification("n-2", "xx/data/2", Instant.parse("2026-03-01T10:00:00Z")),
                StandardCharsets.UTF_8);
        String page = "{\"features\":[" + feature + "]}";
        ReplayClient.Page result = ReplayClient.features(page.getBytes(StandardCharsets.UTF_8), tree(page));
        assertThat(result.notifications()).isEmpty();
        assertThat(result.skipped()).isEqualTo(1);
    }

    @Test
    void features_refuseAnAnswerThatIsNoFeatureCollection() {
        assertThatThrownBy(() -> ReplayClient.features("{\"code\":\"oops\"}".getBytes(StandardCharsets.UTF_8),
                tree("{\"code\":\"oops\"}")))
                .isInstanceOf(ReplayException.class).hasMessageContaining("no features array");
    }

    @Test
    void nextLink_isFollowedOnlyOnTheServicesOwnOrigin() {
        assertThat(client.nextLink(tree("{\"links\":[{\"rel\":\"self\",\"href\":\"/x\"},"
                + "{\"rel\":\"next\",\"href\":\"https://replay.example.org/collections/c/items?offset=100\"}]}")))
                .hasToString("https://replay.example.org/collections/c/items?offset=100");
        assertThat(client.nextLink(tree("{\"links\":[{\"rel\":\"self\",\"href\":\"/x\"}]}"))).isNull();
        assertThatThrownBy(() -> client.nextLink(tree("{\"links\":[{\"rel\":\"next\",\"href\":\"http://169.254.169.254/latest\"}]}")))
                .isInstanceOf(ReplayException.class).hasMessageContaining("leaves the service");
    }

    @Test
    void firstPage_asksForTheIntervalOnPubtime() {
        assertThat(client.firstPage(Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:15:00Z")))
                .hasToString("https://replay.example.org/collections/wis2-notification-messages/items"
                        + "?datetime=2026-03-01T10%3A00%3A00Z%2F2026-03-01T10%3A15%3A00Z&limit=100");
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }
}
