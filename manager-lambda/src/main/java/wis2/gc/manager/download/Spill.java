package wis2.gc.manager.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Collects a body in the heap until it passes the threshold, then in a temporary file of the
 * {@link SpillSpace}, whose room for the whole expected size is reserved before the file is
 * made. The finished payload holds the reservation (trimmed to the real length) until it is
 * closed; a spill closed without handing over deletes its file and frees the room.
 */
final class Spill extends OutputStream {
    private final SpillSpace space;
    private final long threshold;
    private final long expected;
    private final long deadlineNanos;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private SpillSpace.Reservation reservation;
    private Path file;
    private OutputStream fileOut;
    private long length;
    private boolean handedOver;

    /**
     * @param expected      the most bytes the body can have (declared length, else the ceiling)
     * @param deadlineNanos how long to wait for room, as {@link System#nanoTime()}
     */
    Spill(SpillSpace space, long threshold, long expected, long deadlineNanos) {
        this.space = space;
        this.threshold = threshold;
        this.expected = expected;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** A full or broken temporary disk is the cache's fault, not the source's: unchecked, so the record is retried. */
    @Override
    public void write(byte[] b, int off, int len) {
        try {
            if (fileOut == null && length + len > threshold) {
                reservation = space.reserve(Math.max(expected, length + len), deadlineNanos);
                file = Files.createTempFile(space.dir(), "gc-download-", ".part");
                fileOut = Files.newOutputStream(file);
                memory.writeTo(fileOut);
                memory = null;
            }
            (fileOut != null ? fileOut : memory).write(b, off, len);
            length += len;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a download in " + space.dir(), e);
        }
    }

    Payload toPayload() {
        handedOver = true;
        if (fileOut == null) {
            return new Payload.InMemory(memory.toByteArray());
        }
        try {
            fileOut.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a download in " + space.dir(), e);
        }
        reservation.shrinkTo(length);
        return new Payload.InFile(file, length, reservation::close);
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
        if (file != null && !handedOver) {
            Files.deleteIfExists(file);
            reservation.close();
        }
    }
}
