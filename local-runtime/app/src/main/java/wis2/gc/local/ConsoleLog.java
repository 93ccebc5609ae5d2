package wis2.gc.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For {@code ./gc demo} and {@code ./gc bench}: the programs' own logs (one line per processed
 * message, connection notices) go to a file, so the terminal shows only the story or the
 * figures.
 */
public final class ConsoleLog {
    private ConsoleLog() {
    }

    /** Whether the launcher saw a terminal (live progress lines then overwrite each other). */
    public static boolean isTerminal() {
        return Boolean.getBoolean("gc.tty");
    }

    /** Sends {@code System.out} and {@code System.err} to {@code file}; returns the terminal's stream. */
    public static PrintStream redirect(Path file) throws IOException {
        PrintStream console = System.out;
        Files.createDirectories(file.getParent());
        OutputStream log = Files.newOutputStream(file);
        PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
        System.setOut(logStream);
        System.setErr(logStream);
        return console;
    }
}
