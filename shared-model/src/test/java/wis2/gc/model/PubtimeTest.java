package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PubtimeTest {

    @Test
    void parse_keepsNanosecondsAndText() {
        Pubtime p = Pubtime.parse("2022-03-20T04:50:18.314854383Z");
        assertThat(p.instant()).isEqualTo(Instant.parse("2022-03-20T04:50:18.314854383Z"));
        assertThat(p.instant().getNano()).isEqualTo(314854383);
        assertThat(p.text()).isEqualTo("2022-03-20T04:50:18.314854383Z");
        assertThat(p).hasToString("2022-03-20T04:50:18.314854383Z");
    }

    @Test
    void parse_appliesOffsets() {
        assertThat(Pubtime.parse("2022-03-20T05:50:18+01:00").instant())
                .isEqualTo(Instant.parse("2022-03-20T04:50:18Z"));
        assertThat(Pubtime.parse("2022-03-19T23:20:18.5-05:30").instant())
                .isEqualTo(Instant.parse("2022-03-20T04:50:18.5Z"));
        assertThat(Pubtime.parse("2022-03-20t04:50:18z").instant()).isEqualTo(Instant.parse("2022-03-20T04:50:18Z"));
    }

    @Test
    void equalInstantsWrittenDifferently_compareEqual() {
        Pubtime a = Pubtime.parse("2024-01-01T00:00:00Z");
        Pubtime b = Pubtime.parse("2024-01-01T01:00:00.000000000+01:00");
        assertThat(a.compareTo(b)).isZero();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.isAfter(b)).isFalse();
        assertThat(a.text()).isNotEqualTo(b.text());
    }

    @Test
    void ordering_isByInstantNotText() {
        // as strings "...T09:00:00+09:00" > "...T01:00:00Z", as instants it is earlier
        Pubtime tokyo = Pubtime.parse("2024-01-01T09:00:00+09:00");
        Pubtime utc = Pubtime.parse("2024-01-01T01:00:00Z");
        assertThat(tokyo).isLessThan(utc);
        assertThat(utc.isAfter(tokyo)).isTrue();
        assertThat(Pubtime.parse("2024-01-01T00:00:00.000000002Z"))
                .isGreaterThan(Pubtime.parse("2024-01-01T00:00:00.000000001Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2022-03-20", "2022-03-20T04:50Z", "2022-03-20 04:50:18Z", "2022-03-20T04:50:18",
            "2022-03-20T04:50:18.1234567891Z", "2022-13-20T04:50:18Z", "2022-02-30T04:50:18Z", "yesterday"})
    void parse_rejectsWhatIsNotRfc3339(String text) {
        assertThatThrownBy(() -> Pubtime.parse(text))
                .isInstanceOfSatisfying(InvalidNotificationException.class, e -> assertThat(e.reason())
                .isEqualTo("bad-pubtime"))
                .hasMessageContaining(text);
    }

    @Test
    void parse_rejectsNull() {
        assertThatThrownBy(() -> Pubtime.parse(null)).isInstanceOf(InvalidNotificationException.class);
    }
}
