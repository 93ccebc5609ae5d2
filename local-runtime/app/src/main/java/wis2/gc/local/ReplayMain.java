package wis2.gc.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import wis2.gc.replay.ReplayCommand;

/**
 * {@code ./gc replay --from T1 --to T2}: asks the cache running on this machine ({@code ./gc local},
 * its HTTP port {@code GC_HTTP_PORT}) to fetch that interval from its Global Replay service now
 * and enqueue what its listeners' subscriptions match. Exit 0 when done, 1 when the cache or
 * the service failed, 2 for bad arguments.
 */
public final class ReplayMain {
    private ReplayMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv().getOrDefault("GC_HTTP_PORT", "8080")));
    }

    static int run(String[] args, String port) {
        ReplayCommand.Interval interval;
        try {
            interval = ReplayCommand.parse(args, Instant.now());
        } catch (IllegalArgumentException e) {
            System.err.println("gc replay: " + e.getMessage());
            System.err.println("usage: ./gc replay --from 2026-01-01T00:00:00Z --to 2026-01-01T01:00:00Z");
            return 2;
        }
        URI uri = URI.create("http://127.0.0.1:" + port.strip() + "/replay?from="
                + URLEncoder.encode(interval.from().toString(), StandardCharsets.UTF_8)
                + "&to=" + URLEncoder.encode(interval.to().toString(), StandardCharsets.UTF_8));
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            // a long interval is many windows at a bounded request rate: no answer timeout
            HttpResponse<String> answer =
                    http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            System.out.print(answer.body());
            return answer.statusCode() == 200 ? 0 : answer.statusCode() == 400 ? 2 : 1;
        } catch (IOException e) {
            System.err.println("gc replay: no local cache answers on 127.0.0.1:" + port.strip()
                    + " (start ./gc local first, with GC_GLOBAL_REPLAY_URL set): " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
