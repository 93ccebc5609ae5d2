package wis2.gc.metrics;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Prometheus's own parser and linter ({@code promtool check metrics}), when the machine has it. */
final class Promtool {

    private Promtool() {
    }

    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(find().isPresent(), "promtool is not installed (Debian package prometheus)");
    }

    /** The problems promtool reports for {@code text}; empty when it parses and lints cleanly. */
    static String checkMetrics(String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(find().orElseThrow().toString(), "check", "metrics")
                .redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        return p.exitValue() == 0 && output.isBlank() ? "" : "exit " + p.exitValue() + ": " + output;
    }
}
