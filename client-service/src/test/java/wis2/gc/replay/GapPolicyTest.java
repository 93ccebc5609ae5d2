package wis2.gc.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GapPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final GapPolicy policy = new GapPolicy(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofHours(6));

    @Test
    void gapStart_sessionAbsentWithARecordOpensAGapAtTheMarkMinusTheMargin() {
        Instant mark = NOW.minusSeconds(30);
        assertThat(policy.gapStart(false, Optional.of(mark), NOW.minusSeconds(20), NOW))
                .contains(mark.minus(Duration.ofMinutes(5)));
    }

    @Test
    void gapStart_sessionPresentAndShortlyDownIsNoGap() {
        assertThat(policy.gapStart(true, Optional.of(NOW.minusSeconds(90)), NOW.minusSeconds(60), NOW)).isEmpty();
    }

    @Test
    void gapStart_sessionPresentButDownLongerThanTheThresholdIsAGap() {
        Instant mark = NOW.minus(Duration.ofMinutes(40));
        assertThat(policy.gapStart(true, Optional.of(mark), NOW.minus(Duration.ofMinutes(11)), NOW))
                .contains(mark.minus(Duration.ofMinutes(5)));
    }

    @Test
    void gapStart_withoutAnEarlierRecordThereIsNothingToBackfill() {
        assertThat(policy.gapStart(false, Optional.empty(), NOW.minus(Duration.ofDays(1)), NOW)).isEmpty();
    }

    @Test
    void cap_keepsTheMostRecentMaximumAndNamesTheRestAsCutOff() {
        Instant start = NOW.minus(Duration.ofHours(8));
        assertThat(policy.cap(start, NOW, NOW)).isEqualTo(new Gap(NOW.minus(Duration.ofHours(6)), NOW));
        assertThat(policy.cutOff(start, NOW)).contains(new Gap(start, NOW.minus(Duration.ofHours(6))));
    }

    @Test
    void cap_leavesAShortGapWhole() {
        Instant start = NOW.minus(Duration.ofMinutes(20));
        assertThat(policy.cap(start, NOW, NOW)).isEqualTo(new Gap(start, NOW));
        assertThat(policy.cutOff(start, NOW)).isEmpty();
    }
}
