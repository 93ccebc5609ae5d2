package wis2.gc.local;

import java.util.Optional;

/**
 * One satisfiable byte range of an object, {@code first} to {@code last} inclusive, as a
 * {@code Range: bytes=...} request header asks for it (RFC 9110, 14.1). Like S3 behind
 * CloudFront, only a single range is served: several ranges, another unit or a malformed header
 * are ignored (the whole object is the answer), and a range that starts beyond the end is
 * unsatisfiable (416).
 */
record ByteRange(long first, long last) {
    ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/total}, the Content-Range of a 206 answer. */
    String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /** What a Range header asks of an object of {@code total} bytes. */
    sealed interface Request permits Whole, Part, Unsatisfiable {}

    /** No usable Range header: answer 200 with the whole object. */
    record Whole() implements Request {}

    /** Answer 206 with this part. */
    record Part(ByteRange range) implements Request {}

    /** Answer 416 with {@code Content-Range: bytes * /total}. */
    record Unsatisfiable() implements Request {}

    static Request parse(String header, long total) {
        if (header == null) {
            return new Whole();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        String spec = h.substring(6).strip();
        if (spec.contains(",")) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        Optional<Long> from = number(spec.substring(0, dash).strip());
        Optional<Long> to = number(spec.substring(dash + 1).strip());
        if (spec.substring(0, dash).isBlank()) {
            // bytes=-N: the last N bytes
            if (to.isEmpty()) {
                return new Whole();
            }
            if (to.get() == 0 || total == 0) {
                return new Unsatisfiable();
            }
            return new Part(new ByteRange(Math.max(0, total - to.get()), total - 1));
        }
        if (from.isEmpty()) {
            return new Whole();
        }
        if (!spec.substring(dash + 1).isBlank() && (to.isEmpty() || to.get() < from.get())) {
            return new Whole();
        }
        if (from.get() >= total) {
            return new Unsatisfiable();
        }
        long last = to.map(t -> Math.min(t, total - 1)).orElse(total - 1);
        return new Part(new ByteRange(from.get(), last));
    }

    private static Optional<Long> number(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }
}
