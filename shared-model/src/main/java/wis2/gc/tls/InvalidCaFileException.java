package wis2.gc.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A CA file that cannot be trusted: missing, unreadable, or without a usable certificate. The
 * message names the file and the problem; a caller that read the path from a variable adds the
 * variable's name.
 */
public final class InvalidCaFileException extends RuntimeException {

    private final Path file;
    private final String problem;

    InvalidCaFileException(Path file, String problem) {
        super("CA file " + file + " " + problem);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The file that was given. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file's name: "does not exist", "holds no PEM certificate"... */
    public String problem() {
        return problem;
    }
}
