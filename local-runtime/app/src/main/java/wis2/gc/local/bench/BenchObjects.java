package wis2.gc.local.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The manager benchmark's data objects, the same in the process that serves them and the one
 * that checks them: object {@code i} is a window of one random pool, so N distinct objects of
 * 85-90 KB cost one pool of memory rather than N copies, and both processes rebuild them from
 * the seed without sending a byte to each other.
 */
final class BenchObjects {
    private final byte[] pool;
    private final int[] sizes;

    BenchObjects(long seed, int count, int minBytes, int maxBytes) {
        if (count < 1 || minBytes < 1 || maxBytes < minBytes) {
            throw new IllegalArgumentException("count and sizes must be positive, min <= max; got " + count + ", "
                    + minBytes + "-" + maxBytes);
        }
        SplittableRandom random = new SplittableRandom(seed);
        this.pool = new byte[maxBytes + count];
        random.nextBytes(pool);
        this.sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = minBytes + random.nextInt(maxBytes - minBytes + 1);
        }
    }

    int count() {
        return sizes.length;
    }

    /** A fresh copy of object {@code i}. */
    byte[] bytes(int i) {
        return Arrays.copyOfRange(pool, i, i + sizes[i]);
    }

    /** The path object {@code i} is served at. */
    static String path(int i) {
        return "/data/obs-" + i + ".bufr4";
    }

    /** The object number in a path of {@link #path(int)}, or -1. */
    static int indexOf(String path) {
        if (!path.startsWith("/data/obs-") || !path.endsWith(".bufr4")) {
            return -1;
        }
        try {
            return Integer.parseInt(path.substring("/data/obs-".length(), path.length() - ".bufr4".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
