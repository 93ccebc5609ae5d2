package wis2.gc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import wis2.gc.testing.Wnm;

class DedupTest {

    private static final Pubtime STORED = Pubtime.parse("2024-01-01T00:05:30.123456789+01:00");

    private static Notification with(String rel, String pubtime) {
        return Notification.parse(Wnm.resource("messages/rich.json").edit(t -> {
            Wnm.link(t, 1).put("rel", rel);
            Wnm.properties(t).put("pubtime", pubtime);
        }).bytes());
    }

    @Test
    void decide_processesAnUnseenDataId() {
        assertThat(Dedup.decide(Optional.empty(), with("canonical", "2024-01-01T00:00:00Z")))
                .isEqualTo(DedupDecision.PROCESS);
        assertThat(Dedup.decide(Optional.empty(), with("deletion", "2024-01-01T00:00:00Z")))
                .isEqualTo(DedupDecision.PROCESS);
    }

    @Test
    void decide_processesALaterUpdateOrDeletion() {
        assertThat(Dedup.decide(Optional.of(STORED), with("update", "2023-12-31T23:05:30.12345679Z")))
                .isEqualTo(DedupDecision.PROCESS);
        assertThat(Dedup.decide(Optional.of(STORED), with("deletion", "2024-01-01T00:00:00Z")))
                .isEqualTo(DedupDecision.PROCESS);
    }

    @Test
    void decide_dropsALaterCanonicalOnly() {
        assertThat(Dedup.decide(Optional.of(STORED), with("canonical", "2024-06-01T00:00:00Z")))
                .isEqualTo(DedupDecision.DUPLICATE);
    }

    @Test
    void decide_dropsEqualPubtimeWrittenDifferently() {
        for (String rel : new String[] {"canonical", "update", "deletion"}) {
            assertThat(Dedup.decide(Optional.of(STORED), with(rel, "2023-12-31T23:05:30.123456789Z")))
                    .isEqualTo(DedupDecision.DUPLICATE);
        }
    }

    @Test
    void decide_dropsEarlierPubtimeEvenForUpdatesAndDeletions() {
        for (String rel : new String[] {"canonical", "update", "deletion"}) {
            assertThat(Dedup.decide(Optional.of(STORED), with(rel, "2023-12-31T23:05:30.123456788Z")))
                    .isEqualTo(DedupDecision.DUPLICATE);
        }
    }

    @Test
    void decide_appliesToCacheFalseMessagesToo() {
        Notification n = Notification.parse(Wnm.resource("messages/rich.json")
                .edit(t -> Wnm.properties(t).put("cache", false)).bytes());
        assertThat(Dedup.decide(Optional.of(n.pubtime()), n)).isEqualTo(DedupDecision.DUPLICATE);
        assertThat(Dedup.decide(Optional.empty(), n)).isEqualTo(DedupDecision.PROCESS);
    }
}
