package wis2.gc.standins;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the subset of Erlang term syntax EMQX uses for file authorization: a sequence of
 * terms, each ended by a full stop, built from atoms, "strings", integers, {tuples} and
 * [lists], with % comments. Errors name the line.
 */
final class ErlangTerms {

    sealed interface Term permits Atom, Str, Int, Tuple, ListTerm {
        int line();
    }

    record Atom(String name, int line) implements Term {
    }

    record Str(String value, int line) implements Term {
    }

    record Int(long value, int line) implements Term {
    }

    record Tuple(List<Term> elements, int line) implements Term {
    }

    record ListTerm(List<Term> elements, int line) implements Term {
    }

    private final String text;
    private int pos;
    private int line = 1;

    private ErlangTerms(String text) {
        this.text = text;
    }

    /** Every full-stop-terminated term of {@code text}, in order. */
    static List<Term> parse(String text) {
        ErlangTerms reader = new ErlangTerms(text);
        List<Term> terms = new ArrayList<>();
        while (reader.skipBlank()) {
            Term term = reader.term();
            reader.expect('.');
            terms.add(term);
        }
        return terms;
    }

    /** Skips whitespace and comments; false at the end of the text. */
    private boolean skipBlank() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '%') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                if (c == '\n') {
                    line++;
                }
                pos++;
            } else {
                return true;
            }
        }
        return false;
    }

    private Term term() {
        if (!skipBlank()) {
            throw error("a term expected, found the end of the file");
        }
        char c = text.charAt(pos);
        int at = line;
        if (c == '{') {
            pos++;
            return new Tuple(sequence('}'), at);
        }
        if (c == '[') {
            pos++;
            return new ListTerm(sequence(']'), at);
        }
        if (c == '"') {
            return new Str(quoted('"'), at);
        }
        if (c == '\'') {
            return new Atom(quoted('\''), at);
        }
        if (Character.isLowerCase(c)) {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == '@')) {
                pos++;
            }
            return new Atom(text.substring(start, pos), at);
        }
        if (Character.isDigit(c) || c == '-') {
            int start = pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            try {
                return new Int(Long.parseLong(text.substring(start, pos)), at);
            } catch (NumberFormatException e) {
                throw error("bad integer " + text.substring(start, pos));
            }
        }
        throw error("unexpected '" + c + "'");
    }

    /** Comma-separated terms up to {@code close}, which is consumed. */
    private List<Term> sequence(char close) {
        List<Term> elements = new ArrayList<>();
        if (skipBlank() && text.charAt(pos) == close) {
            pos++;
            return elements;
        }
        while (true) {
            elements.add(term());
            if (!skipBlank()) {
                throw error("'" + close + "' expected, found the end of the file");
            }
            char c = text.charAt(pos++);
            if (c == close) {
                return elements;
            }
            if (c != ',') {
                pos--;
                throw error("',' or '" + close + "' expected, found '" + c + "'");
            }
        }
    }

    private String quoted(char quote) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return value.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
                c = switch (c) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> c;
                };
            }
            value.append(c);
        }
        throw error("unterminated " + (quote == '"' ? "string" : "quoted atom"));
    }

    private void expect(char c) {
        if (!skipBlank() || text.charAt(pos) != c) {
            throw error("'" + c + "' expected after the term");
        }
        pos++;
    }

    private AclSyntaxException error(String message) {
        return new AclSyntaxException("line " + line + ": " + message);
    }
}
