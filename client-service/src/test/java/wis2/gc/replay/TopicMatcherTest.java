package wis2.gc.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicMatcherTest {

    @Test
    void matches_asMqttSubscriptionsDo() {
        TopicMatcher matcher = new TopicMatcher(List.of("origin/a/wis2/#", "cache/a/wis2/+/data/core/#"));
        assertThat(matcher.matches("origin/a/wis2/xx-node/data/core/weather")).isTrue();
        assertThat(matcher.matches("origin/a/wis2")).isTrue();
        assertThat(matcher.matches("cache/a/wis2/xx-node/data/core/weather/synop")).isTrue();
        assertThat(matcher.matches("cache/a/wis2/xx-node/metadata/core")).isFalse();
        assertThat(matcher.matches("monitor/a/wis2/xx-node")).isFalse();
        assertThat(matcher.matches("origin/b/wis2/xx-node/data")).isFalse();
    }

    @Test
    void matches_plusIsExactlyOneLevel() {
        TopicMatcher matcher = new TopicMatcher(List.of("origin/+/wis2"));
        assertThat(matcher.matches("origin/a/wis2")).isTrue();
        assertThat(matcher.matches("origin/a/wis2/more")).isFalse();
        assertThat(matcher.matches("origin/wis2")).isFalse();
    }
}
