package wis2.gc.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapTest {

    private static final Duration QUARTER = Duration.ofMinutes(15);

    @Test
    void windows_followTheFixedGridAndStopAtTheGapsEnd() {
        Gap gap = new Gap(Instant.parse("2026-03-01T10:07:00Z"), Instant.parse("2026-03-01T10:40:12Z"));
        List<Gap.Window> windows = gap.windows(QUARTER);
        assertThat(windows).extracting(Gap.Window::start).containsExactly(Instant.parse("2026-03-01T10:00:00Z"),
                Instant.parse("2026-03-01T10:15:00Z"), Instant.parse("2026-03-01T10:30:00Z"));
        assertThat(windows).extracting(Gap.Window::until).containsExactly(Instant.parse("2026-03-01T10:15:00Z"),
                Instant.parse("2026-03-01T10:30:00Z"), Instant.parse("2026-03-01T10:40:12Z"));
        assertThat(windows).allSatisfy(w -> assertThat(Duration.between(w.start(), w.until()))
                .isLessThanOrEqualTo(QUARTER));
    }

    @Test
    void windows_endingOnASlotsStartLeaveThatSlotOut() {
        Gap gap = new Gap(Instant.parse("2026-03-01T10:07:00Z"), Instant.parse("2026-03-01T10:30:00Z"));
        assertThat(gap.windows(QUARTER)).extracting(Gap.Window::start).containsExactly(
                Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:15:00Z"));
    }

    @Test
    void windows_ofTwoOverlappingGapsAreTheSameSlots() {
        Gap one = new Gap(Instant.parse("2026-03-01T10:02:00Z"), Instant.parse("2026-03-01T10:20:00Z"));
        Gap other = new Gap(Instant.parse("2026-03-01T10:03:30Z"), Instant.parse("2026-03-01T10:20:00Z"));
        assertThat(one.windows(QUARTER)).extracting(Gap.Window::slot)
                .isEqualTo(other.windows(QUARTER).stream().map(Gap.Window::slot).toList());
    }

    @Test
    void encode_roundTrips() {
        Gap gap = new Gap(Instant.parse("2026-03-01T10:02:00.123Z"), Instant.parse("2026-03-01T10:20:00Z"),
                Instant.parse("2026-03-01T10:19:50Z"));
        assertThat(Gap.decode(gap.encode())).isEqualTo(gap);
    }

    @Test
    void enough_isTheWindowsEndOrWhenTheFeedWasLiveAgain() {
        Gap gap = new Gap(Instant.parse("2026-03-01T10:02:00Z"), Instant.parse("2026-03-01T10:20:00Z"),
                Instant.parse("2026-03-01T10:19:50Z"));
        List<Gap.Window> windows = gap.windows(QUARTER);
        assertThat(gap.enough(windows.get(0))).isEqualTo(Instant.parse("2026-03-01T10:15:00Z"));
        assertThat(gap.enough(windows.get(1))).isEqualTo(Instant.parse("2026-03-01T10:19:50Z"));
    }

    @Test
    void aGapCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> new Gap(Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T09:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends after it starts");
    }
}
