package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import wis2.gc.config.ConfigException;

class TopicFilterTest {

    @Test
    void matches_followsMqttWildcards() {
        assertThat(TopicFilter.matches("origin/a/wis2/#", "origin/a/wis2/xx/data/core/x")).isTrue();
        assertThat(TopicFilter.matches("#", "origin/a")).isTrue();
        assertThat(TopicFilter.matches("origin/a/wis2/+/data/core/x", "origin/a/wis2/xx/data/core/x")).isTrue();
        assertThat(TopicFilter.matches("origin/a/wis2/+/data", "origin/a/wis2/xx/data/core")).isFalse();
        // '#' includes the parent level
        assertThat(TopicFilter.matches("origin/a/wis2/xx/#", "origin/a/wis2/xx")).isTrue();
        assertThat(TopicFilter.matches("origin/a/wis2/yy/#", "origin/a/wis2/xx/data")).isFalse();
        assertThat(TopicFilter.matches("origin/a/+", "origin/a/wis2/xx")).isFalse();
    }

    @Test
    void firstMatch_returnsTheMatchingFilterOrNull() {
        List<String> filters = List.of("cache/#", "origin/a/wis2/xx/#");
        assertThat(TopicFilter.firstMatch(filters, "origin/a/wis2/xx/data")).isEqualTo("origin/a/wis2/xx/#");
        assertThat(TopicFilter.firstMatch(filters, "origin/a/wis2/yy/data")).isNull();
    }

    @Test
    void validate_refusesMalformedFilters() {
        assertThatThrownBy(() -> TopicFilter.validate("a/#/b")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TopicFilter.validate("a/b+/c")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TopicFilter.validate("")).isInstanceOf(ConfigException.class);
        TopicFilter.validate("a/+/c/#");
    }
}
