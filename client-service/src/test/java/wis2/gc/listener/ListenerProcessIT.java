package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import wis2.gc.log.JsonLogProvider;
import wis2.gc.standins.StandIns;
import wis2.gc.testing.Poll;

/**
 * The listener as the container runs it: {@link Listener#main} in a child JVM, stopped by a
 * real SIGTERM or killed by SIGKILL, then started again with the same identity.
 */
@ExtendWith(RigResolver.class)
class ListenerProcessIT {

    private static Rig rig;
    private Process process;

    @BeforeAll
    static void shareServers(Rig shared) {
        rig = shared;
    }

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Starts {@code Listener.main} with {@code env} and waits for its /health to be 200. */
    private Process startListener(Map<String, String> env, int httpPort, String logName) throws IOException {
        Path log = Path.of("target", logName + ".log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1",
                // the provider of the listener's jar; logback is on the test class path too
                "-Dslf4j.provider=" + JsonLogProvider.class.getName(), "-Dslf4j.internal.verbosity=WARN",
                Listener.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("GC_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("AWS_ACCESS_KEY_ID", StandIns.ACCESS_KEY_ID);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", StandIns.SECRET_ACCESS_KEY);
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process started = builder.start();
        Poll.until(Duration.ofSeconds(30), () -> answers200(httpPort, "/health") || !started.isAlive(),
                "the listener process to connect");
        assertThat(started.isAlive()).as("listener process alive, see " + log).isTrue();
        return started;
    }

    /** True when the listener's {@code path} answers 200 ({@code /live} is what {@code health live} asks). */
    private static boolean answers200(int port, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Thread publishInBackground(List<Rig.Published> messages) {
        return Thread.ofPlatform().start(() -> {
            try {
                rig.publish(messages);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aKilledListenerRestartedWithTheSameIdentityGetsEverything() throws Exception {
        String queue = rig.newQueue("killed");
        Map<String, String> env = rig.env("c-killed", "gb-killed", queue);
        List<Rig.Published> messages = Rig.notifications("c-killed", 200);
        int port = freePort();

        process = startListener(env, port, "listener-killed-1");
        Thread burst = publishInBackground(messages.subList(0, 100));
        Poll.until(Duration.ofSeconds(20), () -> rig.queued(queue) > 0, "the first messages in the queue");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        burst.join();
        rig.publish(messages.subList(100, 200)); // while no listener runs: the broker keeps them in the session

        process = startListener(env, port, "listener-killed-2");

        assertThat(rig.awaitQueued(queue, messages.size())).isEqualTo(messages.size());
    }

    @Test
    void sigtermDuringABurstLosesNothing() throws Exception {
        String queue = rig.newQueue("sigterm");
        Map<String, String> env = new java.util.HashMap<>(rig.env("c-sigterm", "gb-sigterm", queue));
        env.put("GC_EMF_INTERVAL_SECONDS", "1");
        List<Rig.Published> messages = Rig.notifications("c-sigterm", 600);
        int port = freePort();

        process = startListener(env, port, "listener-sigterm-1");
        assertThat(answers200(port, "/live")).as("the container health check's answer").isTrue();
        Thread burst = publishInBackground(messages);
        Poll.until(Duration.ofSeconds(20), () -> rig.queued(queue) > 0, "the burst to start flowing");
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within the ECS stop timeout").isTrue();
        String log = Files.readString(Path.of("target", "listener-sigterm-1.log"));
        assertThat(log).contains("listener: stopped; ");
        // the listener's own lines are the one JSON layout, as in the Fargate task's log stream
        assertThat(log).contains("\"level\":\"INFO\",\"logger\":\"wis2.gc.listener.Listener\","
                + "\"message\":\"listener: stopped; ");
        // the metrics reach CloudWatch as Embedded Metric Format lines on stdout, the last one at the stop
        assertThat(log).contains("{\"_aws\":{\"Timestamp\":", "\"Namespace\":\"GlobalCache/Listener\"",
                "\"Broker\":\"gb-sigterm\"");
        burst.join();

        process = startListener(env, port, "listener-sigterm-2");

        assertThat(rig.awaitQueued(queue, messages.size())).isEqualTo(messages.size());
    }
}
