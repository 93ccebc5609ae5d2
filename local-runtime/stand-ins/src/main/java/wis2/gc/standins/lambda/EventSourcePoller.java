package wis2.gc.standins.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import wis2.gc.standins.StandIns;

/**
 * Plays the Lambda SQS event source mapping for one handler: several pollers each long-poll up
 * to {@code batchSize} messages, hand them to the handler as an {@link SQSEvent} shaped like
 * Lambda's, delete what succeeded and leave the rest to reappear after the visibility timeout
 * (and reach the dead-letter queue through the queue's redrive policy). FIFO order per group is
 * the queue's doing: SQS does not hand out a group that has messages in flight.
 *
 * <p>Each invocation has Lambda's clock: its {@code Context} counts down from the function
 * timeout, and an invocation still running at the timeout is abandoned as Lambda ends it: no
 * message of its batch is deleted, so the whole batch reappears after the visibility timeout.
 * (A JVM thread cannot be killed; the abandoned one runs on, its answer ignored, where Lambda
 * would have frozen its environment. The manager ends its own work before the deadline.)
 */
public final class EventSourcePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSourcePoller.class);
    private static final Duration ERROR_BACKOFF = Duration.ofMillis(500);

    /**
     * How the mapping polls; Lambda's defaults are 10 messages and a 20 s long poll.
     *
     * @param invocationTimeout the function timeout: the handler's {@code Context} counts down from it
     */
    public record Settings(int concurrency, int batchSize, Duration visibilityTimeout, Duration waitTime,
            Duration invocationTimeout) {
        public Settings {
            if (invocationTimeout == null || invocationTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("invocation timeout must be positive, got " + invocationTimeout);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("poller concurrency must be at least 1, got " + concurrency);
            }
            if (batchSize < 1 || batchSize > 10) {
                throw new IllegalArgumentException("SQS batch size must be 1..10, got " + batchSize);
            }
            if (visibilityTimeout.toSeconds() < 1 || waitTime.toSeconds() < 0 || waitTime.toSeconds() > 20) {
                throw new IllegalArgumentException("visibility timeout must be >= 1 s and wait time 0..20 s, got "
                        + visibilityTimeout + " and " + waitTime);
            }
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String functionName;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Settings settings;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger abandoned = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    private EventSourcePoller(SqsClient sqs, String queueUrl, String functionName,
            RequestHandler<SQSEvent, SQSBatchResponse> handler, Settings settings, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.functionName = functionName;
        this.handler = handler;
        this.settings = settings;
        this.clock = clock;
    }

    /** Starts {@code settings.concurrency()} pollers on {@code queueUrl} feeding {@code handler}. */
    public static EventSourcePoller start(SqsClient sqs, String queueUrl, String functionName,
            RequestHandler<SQSEvent, SQSBatchResponse> handler, Settings settings, Clock clock) {
        EventSourcePoller poller = new EventSourcePoller(sqs, queueUrl, functionName, handler, settings, clock);
        for (int i = 0; i < settings.concurrency(); i++) {
            poller.threads.add(Thread.ofPlatform().daemon().name(functionName + "-poller-" + i)
                    .start(poller::pollLoop));
        }
        return poller;
    }

    /** How many invocations outlived the timeout and were abandoned. */
    public int abandonedInvocations() {
        return abandoned.get();
    }

    public boolean isRunning() {
        return running.get() && threads.stream().allMatch(Thread::isAlive);
    }

    private void pollLoop() {
        while (running.get()) {
            try {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(settings.batchSize())
                        .waitTimeSeconds((int) settings.waitTime().toSeconds())
                        .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
                if (!messages.isEmpty()) {
                    invoke(messages);
                }
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                LOG.warn("{}: polling {} failed, retrying: {}", functionName, queueUrl, e.toString());
                sleep(ERROR_BACKOFF);
            }
        }
    }

    /**
     * One invocation: what the handler did not report as failed is deleted. An invocation that
     * outlives the timeout is abandoned, its whole batch left to reappear.
     */
    void invoke(List<Message> messages) {
        SQSEvent event = toEvent(messages);
        LocalLambdaContext context =
                new LocalLambdaContext(functionName, clock.instant().plus(settings.invocationTimeout()), clock);
        CompletableFuture<SQSBatchResponse> invocation = new CompletableFuture<>();
        Thread.ofVirtual().name(functionName + "-invocation").start(() -> {
            try {
                invocation.complete(handler.handleRequest(event, context));
            } catch (Throwable e) { // whatever the handler throws fails the invocation, as on Lambda
                invocation.completeExceptionally(e);
            }
        });
        Set<String> failed;
        try {
            failed = failedIds(invocation.get(settings.invocationTimeout().toMillis(), TimeUnit.MILLISECONDS),
                    messages);
        } catch (TimeoutException e) {
            abandoned.incrementAndGet();
            LOG.warn("{}: invocation timed out after {}, abandoned; its {} messages reappear after {}", functionName,
                    settings.invocationTimeout(), messages.size(), settings.visibilityTimeout());
            return;
        } catch (ExecutionException e) {
            LOG.warn("{}: invocation failed, {} messages will be retried: {}", functionName, messages.size(),
                    e.getCause().toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!failed.isEmpty()) {
            LOG.info("{}: {} of {} messages reported failed, they reappear after {}", functionName, failed.size(),
                    messages.size(), settings.visibilityTimeout());
        }
        if (!done.isEmpty()) {
            var result = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
            result.failed().forEach(f -> LOG.warn("{}: delete of message {} failed: {}", functionName,
                    messages.get(Integer.parseInt(f.id())).messageId(), f.message()));
        }
    }

    /**
     * The ids to keep, with Lambda's rule: a failure entry that is empty or names a message that
     * is not in the batch makes the whole batch fail.
     */
    private Set<String> failedIds(SQSBatchResponse response, List<Message> messages) {
        if (response == null || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> inBatch = new HashSet<>();
        messages.forEach(m -> inBatch.add(m.messageId()));
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            String id = f == null ? null : f.getItemIdentifier();
            if (id == null || !inBatch.contains(id)) {
                LOG.warn("{}: batch item failure names unknown message '{}', the whole batch is retried", functionName,
                        id);
                return inBatch;
            }
            failed.add(id);
        }
        return failed;
    }

    private SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            r.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
            r.setAttributes(new HashMap<>(m.attributesAsStrings()));
            r.setMessageAttributes(toEventAttributes(m.messageAttributes()));
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion(StandIns.REGION.id());
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static Map<String,
            SQSEvent.MessageAttribute> toEventAttributes(Map<String, MessageAttributeValue> attributes) {
        Map<String, SQSEvent.MessageAttribute> out = new HashMap<>();
        attributes.forEach((name, v) -> {
            SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
            a.setDataType(v.dataType());
            a.setStringValue(v.stringValue());
            if (v.binaryValue() != null) {
                a.setBinaryValue(v.binaryValue().asByteBuffer());
            }
            a.setStringListValues(v.stringListValues().isEmpty() ? null : v.stringListValues());
            out.put(name, a);
        });
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; an invocation in progress finishes (as a Lambda would) before this returns. */
    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(settings.waitTime().plus(settings.invocationTimeout()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
