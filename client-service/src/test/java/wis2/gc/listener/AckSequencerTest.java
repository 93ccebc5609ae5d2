package wis2.gc.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckSequencerTest {

    private final List<Integer> acked = new ArrayList<>();
    private final AckSequencer sequencer = new AckSequencer((id, qos) -> acked.add(id));

    @Test
    void complete_acknowledgesInArrivalOrder() {
        AckSequencer.Ticket first = sequencer.register(1, 1);
        AckSequencer.Ticket second = sequencer.register(2, 1);
        AckSequencer.Ticket third = sequencer.register(3, 1);

        third.complete();
        second.complete();
        assertThat(acked).isEmpty();

        first.complete();
        assertThat(acked).containsExactly(1, 2, 3);
        assertThat(sequencer.outstanding()).isZero();
    }

    @Test
    void complete_doesNotAcknowledgeQos0() {
        sequencer.register(0, 0).complete();
        sequencer.register(7, 1).complete();

        assertThat(acked).containsExactly(7);
    }

    @Test
    void withdraw_letsTheFollowingMessagesBeAcknowledged() {
        AckSequencer.Ticket first = sequencer.register(1, 1);
        AckSequencer.Ticket second = sequencer.register(2, 1);
        second.complete();

        sequencer.withdraw(first);

        assertThat(acked).containsExactly(2);
        assertThat(sequencer.outstanding()).isZero();
    }

    @Test
    void close_stopsAcknowledgingAndMakesTicketsStale() {
        AckSequencer.Ticket ticket = sequencer.register(1, 1);
        assertThat(ticket.isCurrent()).isTrue();

        sequencer.close();
        ticket.complete();
        sequencer.register(2, 1).complete();

        assertThat(acked).isEmpty();
        assertThat(ticket.isCurrent()).isFalse();
    }

    @Test
    void disposition_waitsForTheNextConnackOnceClosed_thenSkipsOrSends() {
        AckSequencer.Ticket ticket = sequencer.register(1, 1);
        assertThat(ticket.disposition()).isEqualTo(AckSequencer.Disposition.SEND);
        sequencer.close();
        assertThat(ticket.disposition()).isEqualTo(AckSequencer.Disposition.WAIT);

        sequencer.resolve(true);
        sequencer.resolve(false); // the first verdict stands

        assertThat(ticket.disposition()).isEqualTo(AckSequencer.Disposition.SKIP);
        AckSequencer lost = new AckSequencer((id, qos) -> acked.add(id));
        AckSequencer.Ticket orphan = lost.register(2, 1);
        lost.close();
        lost.resolve(false);
        assertThat(orphan.disposition()).isEqualTo(AckSequencer.Disposition.SEND_UNACKNOWLEDGED);
        orphan.complete();
        assertThat(acked).isEmpty();
    }
}
