package wis2.gc.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wis2.gc.standins.AclFile.Action.PUBLISH;
import static wis2.gc.standins.AclFile.Action.SUBSCRIBE;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclFileTest {

    private static final AclFile SHIPPED = AclFile.load(AclFile.locateInRepository());

    @Test
    void locateInRepository_findsTheShippedFileFromTheModuleFolder() {
        Path found = AclFile.locateInRepository();

        assertThat(found).endsWith(AclFile.REPOSITORY_PATH).isRegularFile();
        assertThat(SHIPPED.rules()).hasSize(3);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
        "gc-publisher, PUBLISH,   cache/a/wis2/de-dwd/data/core/weather, true",
        "gc-publisher, PUBLISH,   monitor/a/wis2/de-dwd,                 true",
        "gc-publisher, PUBLISH,   origin/a/wis2/de-dwd/data/core/weather, false",
        "gc-publisher, SUBSCRIBE, cache/#,                               false",
        "everyone,     SUBSCRIBE, cache/#,                               true",
        "everyone,     SUBSCRIBE, monitor/#,                             true",
        "everyone,     SUBSCRIBE, cache/a/wis2/+/data/#,                 true",
        "everyone,     SUBSCRIBE, $share/relay/cache/#,                  true",
        "everyone,     SUBSCRIBE, #,                                     false",
        "everyone,     SUBSCRIBE, +/a/wis2/#,                            false",
        "everyone,     SUBSCRIBE, origin/a/wis2/#,                       false",
        "everyone,     SUBSCRIBE, $SYS/#,                                false",
        "everyone,     PUBLISH,   cache/a/wis2/de-dwd/data/core/weather, false",
        "everyone,     PUBLISH,   monitor/a/wis2/de-dwd,                 false",
        "stranger,     SUBSCRIBE, cache/#,                               false",
    })
    void allows_appliesTheShippedPolicy(String user, AclFile.Action action, String topic, boolean allowed) {
        assertThat(SHIPPED.allows(user, "client-1", action, topic)).isEqualTo(allowed);
    }

    @Test
    void allows_deniesAClientWithoutUsername() {
        assertThat(SHIPPED.allows(null, "anonymous", SUBSCRIBE, "cache/#")).isFalse();
    }

    @Test
    void allows_takesTheFirstMatchingRule() {
        AclFile acl = AclFile.parse("""
                {deny, {username, "u"}, subscribe, ["a/secret"]}.
                {allow, {username, "u"}, subscribe, ["a/#"]}.
                """);

        assertThat(acl.allows("u", "c", SUBSCRIBE, "a/secret")).isFalse();
        assertThat(acl.allows("u", "c", SUBSCRIBE, "a/public")).isTrue();
    }

    @Test
    void allows_deniesWhenNoRuleMatches() {
        AclFile acl = AclFile.parse("{allow, all, subscribe, [\"a/#\"]}.");

        assertThat(acl.allows("u", "c", PUBLISH, "a/b")).isFalse();
        assertThat(acl.allows("u", "c", SUBSCRIBE, "b")).isFalse();
    }

    @Test
    void allows_resolvesPlaceholdersExactTopicsAndRegularExpressions() {
        AclFile acl = AclFile.parse("""
                %% own folder, the literal '#' and an operator pattern
                {allow, all, publish, ["users/${username}/#", "clients/${clientid}"]}.
                {allow, all, subscribe, [{eq, "#"}]}.
                {allow, {username, {re, "^ops-"}}, all, ["ops/+"]}.
                {allow, {clientid, "probe"}, subscribe, ["probe/#"]}.
                """);

        assertThat(acl.allows("ann", "c1", PUBLISH, "users/ann/x")).isTrue();
        assertThat(acl.allows("bob", "c1", PUBLISH, "users/ann/x")).isFalse();
        assertThat(acl.allows(null, "c1", PUBLISH, "users/null/x")).isFalse();
        assertThat(acl.allows("ann", "c1", PUBLISH, "clients/c1")).isTrue();
        assertThat(acl.allows("ann", "c1", SUBSCRIBE, "#")).isTrue();
        assertThat(acl.allows("ann", "c1", SUBSCRIBE, "a/#")).isFalse();
        assertThat(acl.allows("ops-1", "c1", PUBLISH, "ops/x")).isTrue();
        assertThat(acl.allows("dev-1", "c1", PUBLISH, "ops/x")).isFalse();
        assertThat(acl.allows("x", "probe", SUBSCRIBE, "probe/a")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{allow, all}                                              | line 1: '.' expected",
        "{allow, all}. {permit, all}.                              | line 1: allow or deny expected",
        "{allow, all, retain, [\"a\"]}.                            | action must be publish, subscribe or all",
        "{allow, {ipaddr, \"127.0.0.1\"}, all, [\"a\"]}.           | who must be all",
        "{allow, all, publish, [\"a/#/b\"]}.                       | a valid MQTT filter",
        "{allow, all, publish, []}.                                | non-empty list",
        "{allow, all, publish, [\"a\"}.                            | ',' or ']' expected",
        "{allow, all, publish, [\"a]}.                             | unterminated string",
        "{deny, everybody}.                                        | {deny, all}",
        "{allow, all, publish}.                                    | a rule is",
    })
    void parse_refusesWhatEmqxWouldRefuseOrTheStandInDoesNotSupport(String text, String message) {
        assertThatThrownBy(() -> AclFile.parse(text))
                .isInstanceOf(AclSyntaxException.class)
                .hasMessageContaining(message);
    }

    @Test
    void load_namesTheFileAndLineOfASyntaxError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("acl.conf"), "%% comment\n{allow, all}.\n{allow, nobody}.\n");

        assertThatThrownBy(() -> AclFile.load(file))
                .isInstanceOf(AclSyntaxException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void locateInRepository_failsClearlyOutsideTheRepository(@TempDir Path dir) {
        assertThatThrownBy(() -> AclFile.locateInRepository(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("emqx-config");
    }
}
