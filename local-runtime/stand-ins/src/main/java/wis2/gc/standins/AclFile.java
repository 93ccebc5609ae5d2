package wis2.gc.standins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import wis2.gc.standins.ErlangTerms.Atom;
import wis2.gc.standins.ErlangTerms.ListTerm;
import wis2.gc.standins.ErlangTerms.Str;
import wis2.gc.standins.ErlangTerms.Term;
import wis2.gc.standins.ErlangTerms.Tuple;

/**
 * The rules of an EMQX 5 file-authorization ACL ({@code emqx-config/acl.conf}), evaluated as
 * EMQX does: rules in file order, the first whose who, action and topic match decides.
 * Supported forms: {@code {allow|deny, all}}, and {@code {allow|deny, Who, Action, Topics}}
 * with Who {@code all | {username|clientid, "x" | {re, "regex"}}}, Action
 * {@code publish | subscribe | all}, Topics a list of filters (with {@code ${username}} and
 * {@code ${clientid}} placeholders) or {@code {eq, "literal"}}. Anything else is refused with
 * an {@link AclSyntaxException}. When no rule matches, the answer is deny (the cache's EMQX
 * sets {@code no_match = deny}, and its file ends with {@code {deny, all}} anyway).
 */
public final class AclFile {

    /** Where the repository keeps the cache broker's ACL, relative to the repository root. */
    public static final Path REPOSITORY_PATH = Path.of("emqx-config", "acl.conf");

    /** What a client asks to do on a topic. */
    public enum Action {
        PUBLISH, SUBSCRIBE
    }

    enum Permission {
        ALLOW, DENY
    }

    sealed interface Who permits Everyone, Username, ClientId {
        boolean matches(String username, String clientId);
    }

    record Everyone() implements Who {
        @Override
        public boolean matches(String username, String clientId) {
            return true;
        }
    }

    record Username(Pattern name) implements Who {
        @Override
        public boolean matches(String username, String clientId) {
            return username != null && name.matcher(username).matches();
        }
    }

    record ClientId(Pattern id) implements Who {
        @Override
        public boolean matches(String username, String clientId) {
            return clientId != null && id.matcher(clientId).matches();
        }
    }

    /** A topic of a rule: an MQTT filter (placeholders allowed), or with {@code exact} a literal. */
    record TopicRule(String filter, boolean exact) {
        boolean matches(String topic, String username, String clientId) {
            if (exact) {
                return filter.equals(topic);
            }
            String resolved = filter;
            if (resolved.contains("${username}")) {
                if (username == null) {
                    return false;
                }
                resolved = resolved.replace("${username}", username);
            }
            if (resolved.contains("${clientid}")) {
                if (clientId == null) {
                    return false;
                }
                resolved = resolved.replace("${clientid}", clientId);
            }
            return TopicFilters.matches(topic, resolved);
        }
    }

    /** One rule; {@code topics} empty means every topic (the two-element form). */
    record Rule(Permission permission, Who who, Set<Action> actions, List<TopicRule> topics, int line) {
        Rule {
            actions = Set.copyOf(actions);
            topics = List.copyOf(topics);
        }

        boolean matches(String username, String clientId, Action action, String topic) {
            return who.matches(username, clientId) && actions.contains(action)
                    && (topics.isEmpty() || topics.stream().anyMatch(t -> t.matches(topic, username, clientId)));
        }
    }

    private final List<Rule> rules;

    private AclFile(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses ACL text; an {@link AclSyntaxException} names the line of the first problem. */
    public static AclFile parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (Term term : ErlangTerms.parse(text)) {
            rules.add(rule(term));
        }
        return new AclFile(rules);
    }

    /** Reads and parses {@code file}. */
    public static AclFile load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ACL file " + file, e);
        } catch (AclSyntaxException e) {
            throw new AclSyntaxException(file + ": " + e.getMessage());
        }
    }

    /**
     * Finds {@code emqx-config/acl.conf} in the working directory or the nearest parent that
     * has it, so tests of any module and the local runtime read the file the cache ships.
     */
    public static Path locateInRepository() {
        return locateInRepository(Path.of("").toAbsolutePath());
    }

    static Path locateInRepository(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(REPOSITORY_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new IOException("no " + REPOSITORY_PATH + " in " + start + " or its parents"));
    }

    /** Whether the client may do {@code action} on {@code topic}; {@code username} may be null. */
    public boolean allows(String username, String clientId, Action action, String topic) {
        String effective = action == Action.SUBSCRIBE ? TopicFilters.withoutSharePrefix(topic) : topic;
        return rules.stream()
                .filter(rule -> rule.matches(username, clientId, action, effective))
                .findFirst()
                .map(rule -> rule.permission() == Permission.ALLOW)
                .orElse(false);
    }

    List<Rule> rules() {
        return rules;
    }

    private static Rule rule(Term term) {
        if (!(term instanceof Tuple tuple) || (tuple.elements().size() != 2 && tuple.elements().size() != 4)) {
            throw syntax(term, "a rule is {allow|deny, all} or {allow|deny, Who, Action, Topics}");
        }
        List<Term> parts = tuple.elements();
        Permission permission = switch (atom(parts.get(0)).orElse("")) {
            case "allow" -> Permission.ALLOW;
            case "deny" -> Permission.DENY;
            default -> throw syntax(parts.get(0), "allow or deny expected");
        };
        if (parts.size() == 2) {
            if (!atom(parts.get(1)).equals(Optional.of("all"))) {
                throw syntax(parts.get(1), "the two-element rule is {" + permission.name().toLowerCase() + ", all}");
            }
            return new Rule(permission, new Everyone(), EnumSet.allOf(Action.class), List.of(), term.line());
        }
        return new Rule(permission, who(parts.get(1)), actions(parts.get(2)), topics(parts.get(3)), term.line());
    }

    private static Who who(Term term) {
        if (atom(term).equals(Optional.of("all"))) {
            return new Everyone();
        }
        if (term instanceof Tuple(List<Term> e, int line) && e.size() == 2) {
            Optional<String> kind = atom(e.get(0));
            if (kind.equals(Optional.of("username")) || kind.equals(Optional.of("user"))) {
                return new Username(name(e.get(1)));
            }
            if (kind.equals(Optional.of("clientid")) || kind.equals(Optional.of("client"))) {
                return new ClientId(name(e.get(1)));
            }
        }
        throw syntax(term, "who must be all, {username, ...} or {clientid, ...} (others are not supported here)");
    }

    /** A literal name, or {re, "regex"}, as a pattern matched against the whole name. */
    private static Pattern name(Term term) {
        if (term instanceof Str s) {
            return Pattern.compile(Pattern.quote(s.value()));
        }
        if (term instanceof Tuple(List<Term> e, int line) && e.size() == 2 && atom(e.get(0)).equals(Optional.of("re"))
                && e.get(1) instanceof Str regex) {
            try {
                // EMQX's re:run is a search, not a whole-string match
                return Pattern.compile(".*(?:" + regex.value() + ").*", Pattern.DOTALL);
            } catch (PatternSyntaxException ex) {
                throw syntax(term, "bad regular expression " + regex.value());
            }
        }
        throw syntax(term, "a name is \"text\" or {re, \"regex\"}");
    }

    private static Set<Action> actions(Term term) {
        return switch (atom(term).orElse("")) {
            case "publish" -> EnumSet.of(Action.PUBLISH);
            case "subscribe" -> EnumSet.of(Action.SUBSCRIBE);
            case "all" -> EnumSet.allOf(Action.class);
            default -> throw syntax(term,
                    "action must be publish, subscribe or all (qos/retain conditions are not supported here)");
        };
    }

    private static List<TopicRule> topics(Term term) {
        if (!(term instanceof ListTerm list) || list.elements().isEmpty()) {
            throw syntax(term, "topics must be a non-empty list");
        }
        List<TopicRule> topics = new ArrayList<>();
        for (Term topic : list.elements()) {
            if (topic instanceof Str s && TopicFilters.isValidFilter(s.value())) {
                topics.add(new TopicRule(s.value(), false));
            } else if (topic instanceof Tuple(List<Term> e, int line) && e.size() == 2
                    && atom(e.get(0)).equals(Optional.of("eq")) && e.get(1) instanceof Str s && !s.value().isEmpty()) {
                topics.add(new TopicRule(s.value(), true));
            } else {
                throw syntax(topic, "a topic is a valid MQTT filter \"a/+/#\" or {eq, \"literal\"}");
            }
        }
        return topics;
    }

    private static Optional<String> atom(Term term) {
        return term instanceof Atom a ? Optional.of(a.name()) : Optional.empty();
    }

    private static AclSyntaxException syntax(Term term, String message) {
        return new AclSyntaxException("line " + term.line() + ": " + message);
    }
}
