package wis2.gc.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where, in the bytes of a received notification, the few values a republish may change are:
 * the top-level {@code id}, {@code properties.global-cache}, the end of the last member of
 * {@code properties} (where a new member goes) and each link's {@code href}. Knowing the
 * positions lets {@link Republish} edit those values in the received text and leave every other
 * byte as it came: numbers such as {@code -0.0} or {@code 1E5}, string escapes, white space.
 *
 * <p>The bytes must be a JSON document Jackson already accepted (strictly, without duplicate
 * keys): the scanner checks only what it needs to find its way.
 */
final class MessageLayout {

    /** The bytes {@code [start, end)} of one JSON value. */
    record Span(int start, int end) {
    }

    private final byte[] b;
    private int pos;
    private Span id;
    private Span globalCache;
    private boolean integrity;
    private int propertiesEnd = -1;
    private boolean propertiesEmpty = true;
    private final List<Span> hrefs = new ArrayList<>();

    private MessageLayout(byte[] bytes) {
        this.b = bytes;
    }

    /** Scans {@code bytes}, a notification that {@link Notification#parse} accepted. */
    static MessageLayout of(byte[] bytes) {
        MessageLayout layout = new MessageLayout(bytes);
        layout.document();
        return layout;
    }

    /** The value of the top-level {@code id}. */
    Span id() {
        return id;
    }

    /** The value of {@code properties.global-cache}, or null when absent. */
    Span globalCache() {
        return globalCache;
    }

    /** True when {@code properties} has an {@code integrity} member. */
    boolean hasIntegrity() {
        return integrity;
    }

    /** The offset just after the last member of {@code properties} (after its '{' when it has none). */
    int propertiesEnd() {
        return propertiesEnd;
    }

    /** True when {@code properties} has no member. */
    boolean propertiesEmpty() {
        return propertiesEmpty;
    }

    /** The {@code href} value of the link at {@code index}, or null when that link has none. */
    Span href(int index) {
        return index < hrefs.size() ? hrefs.get(index) : null;
    }

    private void document() {
        // a UTF-8 byte order mark, which Jackson skips too
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            pos = 3;
        }
        space();
        expect('{');
        members(name -> {
            switch (name) {
                case "id" -> id = value();
                case "properties" -> {
                    if (peek() == '{') {
                        properties();
                    } else {
                        value();
                    }
                }
                case "links" -> {
                    if (peek() == '[') {
                        links();
                    } else {
                        value();
                    }
                }
                default -> value();
            }
        });
        if (id == null || propertiesEnd < 0) {
            throw new IllegalStateException("the message lacks id or properties");
        }
    }

    private void properties() {
        expect('{');
        propertiesEnd = pos;
        members(name -> {
            propertiesEmpty = false;
            switch (name) {
                case "global-cache" -> globalCache = value();
                case "integrity" -> {
                    integrity = true;
                    value();
                }
                default -> value();
            }
            propertiesEnd = pos;
        });
    }

    private void links() {
        expect('[');
        space();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            space();
            if (peek() == '{') {
                Span[] href = new Span[1];
                expect('{');
                members(name -> {
                    if (name.equals("href")) {
                        href[0] = value();
                    } else {
                        value();
                    }
                });
                hrefs.add(href[0]);
            } else {
                value();
                hrefs.add(null);
            }
            space();
            if (next() == ']') {
                return;
            }
        }
    }

    private interface MemberHandler {
        /** Reads the value of member {@code name}; the position is at the value's first byte. */
        void member(String name);
    }

    /** The members of an object whose '{' was read, up to and including its '}'. */
    private void members(MemberHandler handler) {
        space();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            space();
            String name = name();
            space();
            expect(':');
            space();
            handler.member(name);
            space();
            if (next() == '}') {
                return;
            }
        }
    }

    /** A member name, decoded (a name may be written with escapes, such as {@code "\u0069d"}). */
    private String name() {
        Span s = string();
        boolean escaped = false;
        for (int i = s.start(); i < s.end(); i++) {
            if (b[i] == '\\') {
                escaped = true;
                break;
            }
        }
        if (!escaped) {
            return new String(b, s.start() + 1, s.end() - s.start() - 2, StandardCharsets.UTF_8);
        }
        return Json.MAPPER.readValue(b, s.start(), s.end() - s.start(), String.class);
    }

    private Span value() {
        int start = pos;
        switch (peek()) {
            case '{' -> {
                pos++;
                members(name -> value());
            }
            case '[' -> {
                pos++;
                space();
                if (peek() == ']') {
                    pos++;
                } else {
                    do {
                        space();
                        value();
                        space();
                    } while (next() == ',');
                }
            }
            case '"' -> string();
            default -> {
                while (pos < b.length && !delimiter(b[pos])) {
                    pos++;
                }
            }
        }
        return new Span(start, pos);
    }

    private Span string() {
        int start = pos;
        expect('"');
        while (true) {
            byte c = b[pos++];
            if (c == '\\') {
                pos++;
            } else if (c == '"') {
                return new Span(start, pos);
            }
        }
    }

    private static boolean delimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private void space() {
        while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
            pos++;
        }
    }

    private byte peek() {
        if (pos >= b.length) {
            throw new IllegalStateException("the message ends early");
        }
        return b[pos];
    }

    private byte next() {
        byte c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalStateException("expected '" + c + "' at byte " + (pos - 1));
        }
    }
}
