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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import wis2.gc.local.demo.DemoMain;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Wnm;

/** A stop and a start on the same GC_DATA_DIR keep the cached objects and the dedup memory. */
class LocalCacheRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOPIC =
            "origin/a/wis2/xx-restart-node/data/core/weather/surface-based-observations/synop";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void restart_onTheSameDataDir_keepsObjectsAndDedupState() throws Exception {
        LocalConfig config = LocalConfig.builder().dataDir(dataDir).freePorts().build();
        byte[] body = "a BUFR message, as far as this test is concerned".getBytes(StandardCharsets.UTF_8);
        String href;
        Wnm copy;
        try (WisNode node = WisNode.start()) {
            String url = node.put("/obs.bufr4", body, "application/bufr");
            Wnm first = Wnm.from(Wnm.Template.DATA).dataId("xx-restart-node/obs")
                    .pubtime(Instant.parse("2026-01-01T00:00:00Z"))
                    .link("canonical", url, "application/bufr").integrityOf(body);
            copy = Wnm.from(Wnm.Template.DATA).dataId("xx-restart-node/obs")
                    .pubtime(Instant.parse("2026-01-01T00:00:00Z"))
                    .link("canonical", url, "application/bufr").integrityOf(body);
            try (LocalCache cache = LocalCache.start(config);
                 MqttPeer gb = MqttPeer.connect(LocalCacheIT.tcp(cache.globalBrokers().getFirst().url()), null, null);
                 MqttPeer everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone")) {
                everyone.subscribe("cache/#");
                gb.publish(TOPIC, first.bytes());
                Poll.until(WAIT, () -> !everyone.received().isEmpty(), "the first republication");
                href = DemoMain.link(new ObjectMapper().readTree(everyone.received().getFirst().payload()),
                        "canonical");
            }

            try (LocalCache cache = LocalCache.start(config);
                 MqttPeer gb = MqttPeer.connect(LocalCacheIT.tcp(cache.globalBrokers().getFirst().url()), null, null);
                 MqttPeer everyone = MqttPeer.connect("tcp://127.0.0.1:" + cache.mqttPort(), "everyone", "everyone")) {
                everyone.subscribe("cache/#");
                String newHref = href.replaceFirst("http://127\\.0\\.0\\.1:\\d+/", cache.httpBase() + "/");
                HttpResponse<byte[]> object = http.send(HttpRequest.newBuilder(URI.create(newHref)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(object.statusCode()).isEqualTo(200);
                assertThat(object.body()).isEqualTo(body);

                gb.publish(TOPIC, copy.bytes());
                Poll.until(WAIT, () -> duplicates(cache) >= 1, "the copy counted as a duplicate");
                assertThat(everyone.received()).isEmpty();
                assertThat(node.requests("/obs.bufr4")).isEqualTo(1);
            }
        }
    }

    private double duplicates(LocalCache cache) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(cache.httpBase() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return MetricsText.sum(text, "gc_outcomes_total", "centre_id", "xx-restart-node", "outcome", "duplicate");
        } catch (Exception e) {
            return 0;
        }
    }
}
