package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UngrantedTest {

    private static final String[] FILTERS = {"origin/a/wis2/#", "cache/a/wis2/#", "monitor/#"};

    @Test
    void of_acceptsQos1AndAboveForEveryFilter() {
        assertThat(MqttIntake.Ungranted.of(FILTERS, new int[] {1, 1, 2}).filters()).isEmpty();
    }

    @Test
    void of_namesARefusalAndADowngradeToQos0_amongSeveralFilters() {
        MqttIntake.Ungranted check = MqttIntake.Ungranted.of(FILTERS, new int[] {1, 0x80, 0});

        assertThat(check.filters()).containsExactly("cache/a/wis2/#", "monitor/#");
        assertThat(check.described()).containsExactly("cache/a/wis2/# (refused)", "monitor/# (granted QoS 0)");
    }

    @Test
    void of_treatsAFilterMissingFromTheAnswerAsRefused() {
        assertThat(MqttIntake.Ungranted.of(FILTERS, new int[] {1}).filters())
                .containsExactly("cache/a/wis2/#", "monitor/#");
        assertThat(MqttIntake.Ungranted.of(FILTERS, null).filters()).hasSize(3);
    }
}
