package wis2.gc.local.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The benchmarks' flags, each {@code --name value}: a flag without its value or not in
 * {@code known} is refused at once, a number that is none when it is read. The last of a
 * repeated flag counts.
 */
final class BenchFlags {
    /** {@code --size-kb A-B}, or {@code --size-kb A} for A-A. */
    record SizeKb(int min, int max) {
    }

    private final Map<String, String> values = new HashMap<>();

    private BenchFlags() {
    }

    static BenchFlags parse(Set<String> known, String... args) {
        BenchFlags flags = new BenchFlags();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (!known.contains(flag)) {
                throw new IllegalArgumentException("unknown flag " + flag);
            }
            flags.values.put(flag, args[++i]);
        }
        return flags;
    }

    int integer(String flag, int otherwise) {
        String v = values.get(flag);
        return v == null ? otherwise : number(flag, v);
    }

    long longInteger(String flag, long otherwise) {
        String v = values.get(flag);
        try {
            return v == null ? otherwise : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw notANumber(flag);
        }
    }

    SizeKb sizeKb(String flag, SizeKb otherwise) {
        String v = values.get(flag);
        if (v == null) {
            return otherwise;
        }
        String[] ab = v.split("-", 2);
        int min = number(flag, ab[0]);
        return new SizeKb(min, ab.length == 2 ? number(flag, ab[1]) : min);
    }

    Path path(String flag, Path otherwise) {
        String v = values.get(flag);
        return v == null ? otherwise : Path.of(v);
    }

    private int number(String flag, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw notANumber(flag);
        }
    }

    /** The whole value, as the flag was given, in the message. */
    private IllegalArgumentException notANumber(String flag) {
        return new IllegalArgumentException(flag + " needs a number, got '" + values.get(flag) + "'");
    }
}
