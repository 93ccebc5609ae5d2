package wis2.gc.listener;

import java.util.List;

/** A {@link MessageQueue} that tells a {@link FeedObserver} how many entries of each batch SQS accepted. */
final class ObservedQueue implements MessageQueue {

    private final MessageQueue queue;
    private final FeedObserver observer;

    ObservedQueue(MessageQueue queue, FeedObserver observer) {
        this.queue = queue;
        this.observer = observer;
    }

    @Override
    public List<Outcome> send(List<Inbound> batch) {
        List<Outcome> outcomes = queue.send(batch);
        int sent = (int) outcomes.stream().filter(outcome -> outcome == Outcome.SENT).count();
        if (sent > 0) {
            observer.forwarded(sent);
        }
        return outcomes;
    }
}
