package wis2.gc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static wis2.gc.metrics.OpenMetricsGrammar.value;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import wis2.gc.model.Metric;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricUpdates;
import wis2.gc.model.Notification;
import wis2.gc.model.Outcome;
import wis2.gc.model.Topic;
import wis2.gc.standins.EmbeddedRedis;

/**
 * The endpoint over a real Redis whose hashes were written with the shared layout, outcome by
 * outcome as the manager records them, read back through a strict OpenMetrics check.
 */
class MetricsEndpointIT {

    private static final String GC = "xx-example-global-cache";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private static final double NOW_SECONDS = 1795597200;
    private static final Topic ORIGIN =
            Topic.parse("origin/a/wis2/ca-eccc-msc/data/core/weather/surface-based-observations/synop");
    private static final Topic CACHE =
            Topic.parse("cache/a/wis2/ca-eccc-msc/data/core/weather/surface-based-observations/synop");

    private static EmbeddedRedis redis;
    private static RedisClient adminClient;
    private static StatefulRedisConnection<String, String> admin;

    private MetricsEndpoint endpoint;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start();
        adminClient = RedisClient.create(RedisURI.create(redis.uri()));
        admin = adminClient.connect();
    }

    @AfterAll
    static void stopRedis() {
        admin.close();
        adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        redis.close();
    }

    @BeforeEach
    void emptyStore() {
        admin.sync().flushall();
        endpoint = MetricsEndpoint.connect(new MetricsConfig(redis.uri().toString(), Optional.empty()),
                Optional.empty());
    }

    @AfterEach
    void closeEndpoint() {
        endpoint.close();
    }

    @Test
    void cached_countsTheDownload_stampsBothTimestamps_setsTheFlag_andObservesTheDelay() {
        record(Outcome.CACHED, ORIGIN, notification("wnm-example1.json"), "example.org", Duration.ofSeconds(42));

        var samples = scrape();

        var centre = Map.of("centre_id", "ca-eccc-msc", "report_by", GC);
        var server = Map.of("centre_id", "ca-eccc-msc", "dataserver", "example.org", "report_by", GC);
        assertThat(value(samples, "wmo_wis2_gc_downloaded_total", centre)).isEqualTo(1);
        assertThat(value(samples, "wmo_wis2_gc_last_download_timestamp_seconds", centre)).isEqualTo(NOW_SECONDS);
        assertThat(value(samples, "wmo_wis2_gc_dataserver_status_flag", server)).isEqualTo(1);
        assertThat(value(samples, "wmo_wis2_gc_dataserver_last_download_timestamp_seconds", server))
                .isEqualTo(NOW_SECONDS);
        assertThat(value(samples, "gc_outcomes_total", outcome("ca-eccc-msc", "cached"))).isEqualTo(1);
        assertThat(value(samples, "gc_cache_delay_seconds_bucket", with(centre, "le", "30.0"))).isZero();
        assertThat(value(samples, "gc_cache_delay_seconds_bucket", with(centre, "le", "60.0"))).isEqualTo(1);
        assertThat(value(samples, "gc_cache_delay_seconds_bucket", with(centre, "le", "120.0"))).isEqualTo(1);
        assertThat(value(samples, "gc_cache_delay_seconds_sum", centre)).isEqualTo(42);
        assertThat(families(samples)).doesNotContain("wmo_wis2_gc_downloaded_errors", "wmo_wis2_gc_integrity_failed",
                "wmo_wis2_gc_no_cache", "wmo_wis2_gc_cache_override");
    }

    @Test
    void downloadFailed_countsAnErrorForTheDataserver_andDropsTheFlag() {
        var n = notification("wnm-example1.json");
        record(Outcome.CACHED, ORIGIN, n, "example.org", Duration.ofSeconds(1));
        record(Outcome.DOWNLOAD_FAILED, ORIGIN, n, "example.org", null);
        record(Outcome.DOWNLOAD_FAILED, ORIGIN, n, "example.org", null);

        var samples = scrape();

        var server = Map.of("centre_id", "ca-eccc-msc", "dataserver", "example.org", "report_by", GC);
        assertThat(value(samples, "wmo_wis2_gc_downloaded_errors_total", server)).isEqualTo(2);
        assertThat(value(samples, "wmo_wis2_gc_dataserver_status_flag", server)).isZero();
        assertThat(value(samples, "wmo_wis2_gc_downloaded_total", Map.of("centre_id", "ca-eccc-msc", "report_by", GC)))
                .isEqualTo(1);
        assertThat(value(samples, "gc_outcomes_total", outcome("ca-eccc-msc", "download_failed"))).isEqualTo(2);
    }

    @Test
    void integrityFailed_countsTheMismatch_andDropsTheFlag() {
        record(Outcome.INTEGRITY_FAILED, ORIGIN, notification("wnm-example1.json"), "example.org", null);

        var samples = scrape();

        assertThat(value(samples, "wmo_wis2_gc_integrity_failed_total",
                Map.of("centre_id", "ca-eccc-msc", "report_by", GC)))
                .isEqualTo(1);
        assertThat(value(samples, "wmo_wis2_gc_dataserver_status_flag",
                Map.of("centre_id", "ca-eccc-msc", "dataserver", "example.org", "report_by", GC))).isZero();
        assertThat(families(samples)).doesNotContain("wmo_wis2_gc_downloaded");
    }

    @Test
    void cacheFalse_countsNoCache_refusal_countsCacheOverride_duplicate_countsOnlyTheOutcome() {
        record(Outcome.PASSED_THROUGH, ORIGIN, notification("wnm-example3.json"), null, Duration.ofMillis(300));
        record(Outcome.REFUSED, ORIGIN, notification("wnm-example1.json"), null, Duration.ofSeconds(400));
        record(Outcome.DUPLICATE, ORIGIN, notification("wnm-example1.json"), null, null);

        var samples = scrape();

        var centre = Map.of("centre_id", "ca-eccc-msc", "report_by", GC);
        assertThat(value(samples, "wmo_wis2_gc_no_cache_total", centre)).isEqualTo(1);
        assertThat(value(samples, "wmo_wis2_gc_cache_override_total", centre)).isEqualTo(1);
        assertThat(value(samples, "gc_outcomes_total", outcome("ca-eccc-msc", "passed_through"))).isEqualTo(1);
        assertThat(value(samples, "gc_outcomes_total", outcome("ca-eccc-msc", "refused"))).isEqualTo(1);
        assertThat(value(samples, "gc_outcomes_total", outcome("ca-eccc-msc", "duplicate"))).isEqualTo(1);
        assertThat(value(samples, "gc_cache_delay_seconds_bucket", with(centre, "le", "0.5"))).isEqualTo(1);
        assertThat(value(samples, "gc_cache_delay_seconds_bucket", with(centre, "le", "300.0"))).isEqualTo(1);
        assertThat(value(samples, "gc_cache_delay_seconds_bucket", with(centre, "le", "600.0"))).isEqualTo(2);
        assertThat(value(samples, "gc_cache_delay_seconds_count", centre)).isEqualTo(2);
        assertThat(families(samples)).doesNotContain("wmo_wis2_gc_downloaded", "wmo_wis2_gc_dataserver_status_flag");
    }

    @Test
    void itemFromAnotherCache_isCountedUnderThatCachesCentreId() {
        String json = read("wnm-example1.json").replaceFirst("\"properties\": \\{",
                "\"properties\": {\"global-cache\": \"jp-jma-global-cache\",");
        record(Outcome.CACHED, CACHE, Notification.parse(json.getBytes(StandardCharsets.UTF_8)), "example.org",
                Duration.ofSeconds(5));

        var samples = scrape();

        assertThat(value(samples, "wmo_wis2_gc_downloaded_total",
                Map.of("centre_id", "jp-jma-global-cache", "report_by", GC)))
                .isEqualTo(1);
    }

    @Test
    void handlerBuiltFromTheEnvironment_servesApiGatewayEvents() {
        record(Outcome.DUPLICATE, ORIGIN, notification("wnm-example1.json"), null, null);

        try (var fromEnv = MetricsHandler.fromEnvironment(Map.of("GC_REDIS_URL", redis.uri().toString()))) {
            var response = new MetricsHandler(fromEnv).handleRequest(
                    new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/metrics"), null);

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getBody()).contains(
                    "gc_outcomes_total{centre_id=\"ca-eccc-msc\",outcome=\"duplicate\",report_by=\"" + GC + "\"} 1");
        }
    }

    @Test
    void prometheusText_isAcceptedByPromtool_whereInstalled() throws Exception {
        Promtool.assumeInstalled();
        var n = notification("wnm-example1.json");
        record(Outcome.CACHED, ORIGIN, n, "example.org", Duration.ofSeconds(2));
        record(Outcome.DOWNLOAD_FAILED, ORIGIN, n, "example.org", null);
        record(Outcome.PASSED_THROUGH, ORIGIN, notification("wnm-example3.json"), null, Duration.ofSeconds(1));
        record(Outcome.REFUSED, ORIGIN, n, null, Duration.ofSeconds(1));
        record(Outcome.INTEGRITY_FAILED, ORIGIN, n, "example.org", null);

        var response = endpoint.handle("GET", "/metrics", "text/plain");

        assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(Promtool.checkMetrics(response.body())).isEmpty();
        assertThat(Promtool.checkMetrics(response.body().replace("} 1", "}} 1"))).isNotEmpty();
    }

    @Test
    void fiveHundredCentres_renderCompletely_withTheSameRedisCommandsAsOne() {
        writeCentres(0, 1);
        endpoint.handle("GET", "/metrics", OPENMETRICS); // connects: the handshake is not part of a scrape
        var oneCentre = commandsOfOneScrape();
        writeCentres(1, 500);

        var fiveHundred = commandsOfOneScrape();
        var samples = scrape();

        assertThat(oneCentre).isEqualTo(Map.of("hgetall", (long) Metric.values().length));
        assertThat(fiveHundred).isEqualTo(oneCentre);
        for (String family : List.of("wmo_wis2_gc_downloaded", "wmo_wis2_gc_downloaded_errors",
                "wmo_wis2_gc_last_download_timestamp_seconds", "wmo_wis2_gc_integrity_failed",
                "wmo_wis2_gc_dataserver_status_flag", "wmo_wis2_gc_dataserver_last_download_timestamp_seconds",
                "wmo_wis2_gc_no_cache", "wmo_wis2_gc_cache_override")) {
            assertThat(samples).as(family).filteredOn(s -> s.family().equals(family)).hasSize(500);
        }
        assertThat(value(samples, "wmo_wis2_gc_downloaded_total", Map.of("centre_id", "c-0417", "report_by", GC)))
                .isEqualTo(418);
        assertThat(value(samples, "wmo_wis2_gc_dataserver_status_flag",
                Map.of("centre_id", "c-0417", "dataserver", "data.c-0417.example", "report_by", GC))).isEqualTo(1);
        assertThat(value(samples, "wmo_wis2_gc_dataserver_status_flag",
                Map.of("centre_id", "c-0416", "dataserver", "data.c-0416.example", "report_by", GC))).isZero();
    }

    @Test
    void redisDown_is503_andTheSameEndpointRecoversWhenItIsBack() {
        record(Outcome.DUPLICATE, ORIGIN, notification("wnm-example1.json"), null, null);
        assertThat(endpoint.handle("GET", "/metrics", null).status()).isEqualTo(200);

        redis.stop();
        try {
            var down = endpoint.handle("GET", "/metrics", null);

            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("metrics store unavailable\n");
        } finally {
            redis.restart();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        do {
            status = endpoint.handle("GET", "/metrics", null).status();
        } while (status != 200 && System.nanoTime() < deadline && pause());
        assertThat(status).isEqualTo(200);
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Eight WMO series per centre, centre i having downloaded i + 1 items. */
    private static void writeCentres(int from, int to) {
        List<MetricUpdate> updates = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String c = "c-%04d".formatted(i);
            String host = "data." + c + ".example";
            updates.add(new MetricUpdate(Metric.DOWNLOADED_TOTAL, List.of(c, GC), MetricUpdate.Kind.INCREMENT, i + 1));
            updates.add(new MetricUpdate(Metric.DOWNLOADED_ERRORS_TOTAL, List.of(c, host, GC),
                    MetricUpdate.Kind.INCREMENT, 2));
            updates.add(new MetricUpdate(Metric.LAST_DOWNLOAD_TIMESTAMP_SECONDS, List.of(c, GC), MetricUpdate.Kind.SET,
                    NOW_SECONDS));
            updates.add(new MetricUpdate(Metric.INTEGRITY_FAILED_TOTAL, List.of(c, GC), MetricUpdate.Kind.INCREMENT,
                    1));
            updates.add(new MetricUpdate(Metric.DATASERVER_STATUS_FLAG, List.of(c, host, GC), MetricUpdate.Kind.SET,
                    i % 2));
            updates.add(new MetricUpdate(Metric.DATASERVER_LAST_DOWNLOAD_TIMESTAMP_SECONDS, List.of(c, host, GC),
                    MetricUpdate.Kind.SET, NOW_SECONDS));
            updates.add(new MetricUpdate(Metric.NO_CACHE_TOTAL, List.of(c, GC), MetricUpdate.Kind.INCREMENT, 3));
            updates.add(new MetricUpdate(Metric.CACHE_OVERRIDE_TOTAL, List.of(c, GC), MetricUpdate.Kind.INCREMENT, 4));
        }
        LayoutWriter.apply(admin.async(), updates);
    }

    /** The commands Redis executed for one scrape, by name, counted by the server itself. */
    private Map<String, Long> commandsOfOneScrape() {
        admin.sync().configResetstat();
        assertThat(endpoint.handle("GET", "/metrics", OPENMETRICS).status()).isEqualTo(200);
        Map<String, Long> calls = new TreeMap<>();
        for (String line : admin.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                long count = Long.parseLong(line.replaceFirst("^[^:]*:calls=(\\d+),.*$", "$1"));
                calls.put(name, count);
            }
        }
        // the test's own reset and INFO are not part of the scrape
        calls.keySet().removeIf(name -> name.startsWith("config") || name.equals("info"));
        return calls;
    }

    private void record(Outcome outcome, Topic topic, Notification n, String dataserver, Duration delay) {
        LayoutWriter.apply(admin.async(), MetricUpdates.forOutcome(outcome, topic, n, dataserver, GC, NOW, delay));
    }

    private List<OpenMetricsGrammar.Sample> scrape() {
        var response = endpoint.handle("GET", "/metrics", OPENMETRICS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        return OpenMetricsGrammar.check(response.body());
    }

    private static List<String> families(List<OpenMetricsGrammar.Sample> samples) {
        return samples.stream().map(OpenMetricsGrammar.Sample::family).distinct().toList();
    }

    private static Map<String, String> outcome(String centre, String outcome) {
        return Map.of("centre_id", centre, "report_by", GC, "outcome", outcome);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        var all = new HashMap<>(labels);
        all.put(name, value);
        return all;
    }

    private static Notification notification(String name) {
        return Notification.parse(read(name).getBytes(StandardCharsets.UTF_8));
    }

    private static String read(String name) {
        try (InputStream in = MetricsEndpointIT.class.getClassLoader().getResourceAsStream("notifications/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(name, e);
        }
    }
}
