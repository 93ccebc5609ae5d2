package wis2.gc.manager.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void parse_readsSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("3", NOW)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 08:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 07:00:00 GMT", NOW)).contains(Duration.ZERO); // in the past
    }

    @Test
    void parse_ignoresWhatItCannotRead() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
    }
}
