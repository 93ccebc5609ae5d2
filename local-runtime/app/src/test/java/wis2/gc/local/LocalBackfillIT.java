package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import wis2.gc.local.demo.DemoMain;
import wis2.gc.standins.EmbeddedBroker;
import wis2.gc.standins.EmbeddedReplay;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Wnm;

/**
 * The whole cache, stopped; meanwhile its two Global Brokers take messages and then lose the
 * cache's sessions; started again, the cache backfills from the Global Replay stand-in (each
 * window fetched by one of the two listeners) and caches each of those messages once.
 */
class LocalBackfillIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String NODE = "xx-backfill-node";
    private static final String TOPIC = "origin/a/wis2/" + NODE + "/data/core/weather/surface-based-observations/synop";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private record Item(String dataId, String path, byte[] body, Wnm message) {}

    private static Item item(WisNode node, String name, Instant pubtime) {
        byte[] body = ("the bytes of " + name).getBytes(StandardCharsets.UTF_8);
        String path = "/" + name + ".bufr4";
        String url = node.put(path, body, "application/bufr");
        Wnm wnm = Wnm.from(Wnm.Template.DATA).dataId(NODE + "/" + name).pubtime(pubtime)
                .link("canonical", url, "application/bufr").integrityOf(body);
        return new Item(NODE + "/" + name, path, body, wnm);
    }

    @Test
    void aRestartedCacheWhoseBrokerLostItsSession_cachesEverythingPublishedWhileDownOnceEach() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (EmbeddedBroker gb = LocalCache.globalBroker(0);
             EmbeddedBroker gb2 = LocalCache.globalBroker(0);
             EmbeddedReplay replay = EmbeddedReplay.start();
             WisNode node = WisNode.start()) {
            LocalConfig config = LocalConfig.builder()
                    .globalBrokers(List.of(
                            LocalConfig.GlobalBroker.embedded("gb", gb),
                            LocalConfig.GlobalBroker.embedded("gb2", gb2)))
                    .freePorts()
                    .dataDir(dataDir.resolve("cache"))
                    .globalReplayUrl(Optional.of(replay.baseUrl()))
                    .build();
            Item before = item(node, "before", now.minusSeconds(20));
            try (LocalCache cache = LocalCache.start(config);
                 MqttPeer publisher = MqttPeer.connect(gb.serverUri(), null, null);
                 MqttPeer publisher2 = MqttPeer.connect(gb2.serverUri(), null, null);
                 MqttPeer everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone")) {
                everyone.subscribe("cache/#");
                publisher.publish(TOPIC, before.message().bytes()); // through both: both feeds get a mark
                publisher2.publish(TOPIC, before.message().bytes());
                replay.add(TOPIC, before.message().bytes());
                Poll.until(WAIT, () -> !republished(everyone, before.dataId()).isEmpty(), "the first republication");
            }

            List<Item> whileDown = new ArrayList<>();
            try (MqttPeer publisher = MqttPeer.connect(gb.serverUri(), null, null)) {
                for (int i = 0; i < 3; i++) {
                    Item item = item(node, "while-down-" + i, now.minusSeconds(10 - i));
                    publisher.publish(TOPIC, item.message().bytes()); // queued in the cache's session ...
                    replay.add(TOPIC, item.message().bytes());
                    whileDown.add(item);
                }
            }
            gb.restartForgettingSessions(); // ... which the brokers then lose
            gb2.restartForgettingSessions();

            try (LocalCache cache = LocalCache.start(config);
                 MqttPeer everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone")) {
                everyone.subscribe("cache/#");
                Poll.until(WAIT,
                        () -> whileDown.stream().allMatch(m -> !republished(everyone, m.dataId()).isEmpty()),
                        "the missed messages republished");
                Thread.sleep(1_500); // a second copy would be here by now
                for (Item m : whileDown) {
                    List<JsonNode> copies = republished(everyone, m.dataId());
                    assertThat(copies).as(m.dataId()).hasSize(1);
                    assertThat(node.requests(m.path())).isEqualTo(1);
                    String href = DemoMain.link(copies.getFirst(), "canonical");
                    assertThat(href).startsWith(cache.publicBaseUrl());
                    assertThat(http.send(HttpRequest.newBuilder(URI.create(href)).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(m.body());
                    assertThat(copies.getFirst().path("properties").has("topic")).isFalse();
                }
                assertThat(republished(everyone, before.dataId())).isEmpty(); // in the window too, but a duplicate
                // both listeners saw the gap; each window was asked for by one of them
                assertThat(replay.requests()).isNotEmpty().doesNotHaveDuplicates();
                assertThat(node.requests(before.path())).isEqualTo(1);
                String metrics = http.send(HttpRequest.newBuilder(URI.create(cache.httpBase() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(MetricsText.sum(metrics, "gc_backfill_notifications_total", "stage", "enqueued"))
                        .isGreaterThanOrEqualTo(whileDown.size());
                assertThat(MetricsText.sum(metrics, "gc_backfill_windows_total", "result", "fetched"))
                        .isGreaterThanOrEqualTo(1);

                // ./gc replay: the same interval again, by hand, whatever was fetched before
                int requests = replay.requests().size();
                String port = Integer.toString(cache.httpPort());
                assertThat(ReplayMain.run(
                        new String[] {"--from", now.minusSeconds(30).toString(), "--to", now.toString()},
                        port)).isZero();
                assertThat(replay.requests().size()).isGreaterThan(requests);
                assertThat(ReplayMain.run(
                        new String[] {"--from", now.toString(), "--to", now.minusSeconds(30).toString()},
                        port)).isEqualTo(2);
                Thread.sleep(1_000);
                assertThat(whileDown).allSatisfy(m -> assertThat(republished(everyone, m.dataId())).hasSize(1));
            }
        }
    }

    private static List<JsonNode> republished(MqttPeer everyone, String dataId) {
        return everyone.received(r -> r.topic().startsWith("cache/")).stream()
                .map(r -> {
                    try {
                        return JSON.readTree(r.payload());
                    } catch (JacksonException e) {
                        return JSON.createObjectNode();
                    }
                })
                .filter(n -> dataId.equals(n.path("properties").path("data_id").asString()))
                .toList();
    }
}
