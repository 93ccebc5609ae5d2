package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationTest {

    @ParameterizedTest
    @ValueSource(strings = {"wnm-example1.json", "wnm-example2.json", "wnm-example3.json", "wnm-example4.json",
            "wnm-eumetsat-msg-seviri-core-notification.json"})
    void parse_acceptsEveryValidExample(String name) {
        Notification n = TestData.example(name);
        assertThat(n.dataId()).isNotBlank();
        assertThat(n.id()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource({
            "pywis-pubsub-test_invalid-content-missing-size.json, schema, size",
            "pywis-pubsub-test_invalid_datetime-missing-pubtime.json, no-pubtime, pubtime",
            "pywis-pubsub-test_malformed-trailing-comma.json, not-json, ''"})
    void parse_rejectsEveryInvalidExampleWithItsReason(String name, String reason, String detail) {
        byte[] bytes = TestData.bytes("examples/invalid/" + name);
        assertThatThrownBy(() -> Notification.parse(bytes))
                .isInstanceOfSatisfying(InvalidNotificationException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(detail);
    }
}
