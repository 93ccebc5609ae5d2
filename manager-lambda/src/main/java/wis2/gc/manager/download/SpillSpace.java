package wis2.gc.manager.download;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The temporary folder downloads spill into, with a bound on the bytes all spill files of this
 * execution environment hold together. A Lambda function's /tmp is 512 MB under SnapStart
 * while up to ten records of a batch download at once, so each spill reserves its whole size
 * (the declared length, or the object ceiling when none is declared) before its first byte is
 * written, and waits, first come first served, while the space is taken. A reservation is
 * taken whole or not at all, so two downloads never hold part of the space each while waiting
 * for the rest.
 */
public final class SpillSpace {
    private final Path dir;
    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Long> queue = new ArrayDeque<>();
    private long reserved;
    private long peak;
    private long tickets;

    /** @param capacity the most bytes all spill files may hold at once */
    public SpillSpace(Path dir, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.dir = dir;
        this.capacity = capacity;
    }

    Path dir() {
        return dir;
    }

    long capacity() {
        return capacity;
    }

    /** The most bytes reserved at once so far. */
    long peak() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code bytes}, waiting until {@code deadlineNanos} ({@link System#nanoTime()})
     * for the reservations ahead of it to end.
     *
     * @throws SpillSpaceException when more is asked than the whole space, when the deadline
     *                             passes first, or when the thread is interrupted: the cache's
     *                             own limit, so the record is retried later
     */
    Reservation reserve(long bytes, long deadlineNanos) {
        if (bytes > capacity) {
            throw new SpillSpaceException("a spill of " + bytes + " bytes exceeds the " + capacity + " bytes of "
                    + dir);
        }
        lock.lock();
        try {
            long ticket = tickets++;
            queue.addLast(ticket);
            try {
                while (queue.peekFirst() != ticket || reserved + bytes > capacity) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        throw new SpillSpaceException("no room for a spill of " + bytes + " bytes in " + dir
                                + " in time: "
                                + reserved + " of " + capacity + " bytes are held by other downloads");
                    }
                    changed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpillSpaceException("interrupted while waiting for room in " + dir);
            } finally {
                queue.remove(ticket);
                changed.signalAll(); // the next in line may fit now
            }
            reserved += bytes;
            peak = Math.max(peak, reserved);
            return new Reservation(bytes);
        } finally {
            lock.unlock();
        }
    }

    private void give(long bytes) {
        lock.lock();
        try {
            reserved -= bytes;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of the space held by one spill; closing it (more than once is harmless) frees them. */
    final class Reservation implements AutoCloseable {
        private long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        /** Gives back what a spill that ended smaller than reserved does not use. */
        synchronized void shrinkTo(long used) {
            if (used < bytes) {
                give(bytes - used);
                bytes = used;
            }
        }

        @Override
        public synchronized void close() {
            give(bytes);
            bytes = 0;
        }
    }
}
