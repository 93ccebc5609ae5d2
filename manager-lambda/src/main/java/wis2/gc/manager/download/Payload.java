package wis2.gc.manager.download;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** The bytes of one object on their way to the store: small ones in the heap, large ones in a temporary file. */
public sealed interface Payload extends AutoCloseable permits Payload.InMemory, Payload.InFile {
    long length();

    /** A fresh stream over the whole payload (the store may read it more than once, e.g. to sign it). */
    InputStream open() throws IOException;

    /** Frees the payload (deletes the temporary file). */
    @Override
    void close();

    /** A payload held in the heap. */
    record InMemory(byte[] bytes) implements Payload {
        public InMemory {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public void close() {
        }
    }

    /** A payload spilled to a temporary file, deleted on close; {@code onClose} then frees its room in the spill space.
     * */
    record InFile(Path path, long length, Runnable onClose) implements Payload {
        public InFile {
            Objects.requireNonNull(path, "path");
            if (length < 0) {
                throw new IllegalArgumentException("negative length " + length);
            }
            Objects.requireNonNull(onClose, "onClose");
        }

        /** A file that holds no room in a spill space. */
        public InFile(Path path, long length) {
            this(path, length, () -> { });
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete temporary payload " + path, e);
            } finally {
                onClose.run();
            }
        }
    }
}
