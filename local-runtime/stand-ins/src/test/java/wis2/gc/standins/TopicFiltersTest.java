package wis2.gc.standins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFiltersTest {

    @ParameterizedTest(name = "{0} under {1} -> {2}")
    @CsvSource({
        "cache/a/wis2/x, cache/#,        true",
        "cache,          cache/#,        true",
        "cache/#,        cache/#,        true",
        "cache/a/+/x,    cache/a/+/x,    true",
        "cache/a/b/x,    cache/a/+/x,    true",
        "cache/a/b/c/x,  cache/a/+/x,    false",
        "cache/a,        cache/a/+,      false",
        "#,              cache/#,        false",
        "+/a,            cache/#,        false",
        "origin/a,       cache/#,        false",
        "a/b,            a/b,            true",
        "a/b/,           a/b,            false",
        "$SYS/x,         #,              false",
        "$SYS/x,         $SYS/#,         true",
    })
    void matches_followsEmqxAuthorizationMatching(String topic, String filter, boolean expected) {
        assertThat(TopicFilters.matches(topic, filter)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "$share/g/cache/#, cache/#",
        "$queue/cache/#,   cache/#",
        "cache/#,          cache/#",
        "$share/g,         $share/g",
    })
    void withoutSharePrefix_authorizesTheUnderlyingFilter(String filter, String expected) {
        assertThat(TopicFilters.withoutSharePrefix(filter)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"a/#, true", "#, true", "+/+, true", "a/#/b, false", "a#, false", "a+/b, false", "'', false"})
    void isValidFilter_acceptsOnlyWholeLevelWildcards(String filter, boolean expected) {
        assertThat(TopicFilters.isValidFilter(filter)).isEqualTo(expected);
    }
}
