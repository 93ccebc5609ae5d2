package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wis2.gc.model.Topic.Channel;
import wis2.gc.model.Topic.DataPolicy;
import wis2.gc.model.Topic.NotificationType;

class TopicTest {

    @Test
    void parse_readsEveryLevel() {
        Topic t = Topic.parse("origin/a/wis2/ca-eccc-msc/data/core/weather/surface-based-observations/synop");
        assertThat(t).isEqualTo(new Topic(Channel.ORIGIN, "ca-eccc-msc", NotificationType.DATA,
                Optional.of(DataPolicy.CORE),
                "weather/surface-based-observations/synop"));
        assertThat(t.isRecommended()).isFalse();
        assertThat(t).hasToString("origin/a/wis2/ca-eccc-msc/data/core/weather/surface-based-observations/synop");
    }

    @Test
    void toCache_changesOnlyTheFirstLevel() {
        String origin = "origin/a/wis2/de-dwd-gts-to-wis2/data/core/weather/surface-based-observations/synop";
        assertThat(Topic.parse(origin).toCache()).hasToString("cache" + origin.substring("origin".length()));
        String cache = "cache/a/wis2/jp-jma/data/core/weather";
        assertThat(Topic.parse(cache).toCache()).hasToString(cache);
        assertThat(Topic.parse(cache).channel()).isEqualTo(Channel.CACHE);
    }

    @Test
    void isRecommended_forRecommendedDataPolicy() {
        assertThat(Topic.parse("origin/a/wis2/fr-meteo-france/data/recommended/weather/prediction").isRecommended())
                .isTrue();
    }

    @Test
    void metadataTopics_mayOmitTheDataPolicy() {
        Topic bare = Topic.parse("origin/a/wis2/ca-eccc-msc/metadata");
        assertThat(bare.type()).isEqualTo(NotificationType.METADATA);
        assertThat(bare.dataPolicy()).isEmpty();
        assertThat(bare.rest()).isEmpty();
        assertThat(bare).hasToString("origin/a/wis2/ca-eccc-msc/metadata");
        Topic withPolicy = Topic.parse("origin/a/wis2/ca-eccc-msc/metadata/core");
        assertThat(withPolicy.dataPolicy()).contains(DataPolicy.CORE);
        assertThat(withPolicy).hasToString("origin/a/wis2/ca-eccc-msc/metadata/core");
        Topic other = Topic.parse("origin/a/wis2/ca-eccc-msc/metadata/x");
        assertThat(other.dataPolicy()).isEmpty();
        assertThat(other.rest()).isEqualTo("x");
    }

    @Test
    void parse_acceptsUnknownCentreIds() {
        assertThat(Topic.parse("origin/a/wis2/zz-not-in-the-list/data/core").centreId())
                .isEqualTo("zz-not-in-the-list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "origin/a/wis2/x", "monitor/a/wis2/x/data/core", "origin/b/wis2/x/data/core",
            "origin/a/wis3/x/data/core", "origin/a/wis2//data/core", "origin/a/wis2/x/report/core",
            "origin/a/wis2/x/data", "origin/a/wis2/x/data/open/weather", "origin/a/wis2/+/data/core",
            "origin/a/wis2/x/data/core/#", "origin/a/wis2/x/data/core/weather/", "origin/a/wis2/x/data/core//a"})
    void parse_rejectsWhatIsNotAWis2Topic(String topic) {
        assertThatThrownBy(() -> Topic.parse(topic)).isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("'" + topic + "'");
    }

    @Test
    void constructor_validatesLevels() {
        assertThatThrownBy(() -> new Topic(Channel.ORIGIN, "a/b", NotificationType.DATA, Optional.of(DataPolicy.CORE),
                ""))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("centre-id");
        assertThatThrownBy(() -> Topic.parse(null)).isInstanceOf(InvalidTopicException.class);
    }
}
