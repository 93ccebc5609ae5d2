package wis2.gc.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.DeduplicationScope;
import software.amazon.awscdk.services.sqs.FifoThroughputLimit;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The FIFO queue between the listeners and the manager (group id = data_id) with its DLQ and
 * the two alarms that tell an operator work is stuck: anything in the DLQ, or an old message.
 */
final class WorkQueue extends Construct {

    /** Messages older than this mean the manager is not keeping up or keeps failing. */
    static final Duration OLDEST_MESSAGE_ALARM = Duration.minutes(15);
    /**
     * The largest message SQS takes, body and attributes (1 MiB): WIS2 notifications with inline
     * content or large geometries exceed the former 256 KiB. The listeners refuse (and report)
     * what is larger, reading this value from {@link #maxMessageBytes()}.
     */
    static final int MAX_MESSAGE_BYTES = 1_048_576;

    private final Queue queue;
    private final Queue deadLetters;
    private final Alarm deadLetterAlarm;
    private final Alarm oldestMessageAlarm;

    WorkQueue(Construct scope, String id, int managerTimeoutSeconds, int maxReceiveCount) {
        super(scope, id);
        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .fifo(true)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                .build();
        queue = Queue.Builder.create(this, "Queue")
                .fifo(true)
                // high-throughput FIFO: ordering and deduplication per data_id is all we need
                .deduplicationScope(DeduplicationScope.MESSAGE_GROUP)
                .fifoThroughputLimit(FifoThroughputLimit.PER_MESSAGE_GROUP_ID)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // AWS guidance for Lambda event sources: at least six times the function timeout
                .visibilityTimeout(Duration.seconds(managerTimeoutSeconds * 6))
                .retentionPeriod(Duration.days(4))
                .maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(maxReceiveCount).build())
                .build();
        deadLetterAlarm = Alarm.Builder.create(this, "DeadLettersAlarm")
                .alarmDescription("Messages in the dead-letter queue: the manager failed them " + maxReceiveCount
                        + " times (Redis, S3 or broker faults). See docs/operations.md, 'Redriving the DLQ'.")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        oldestMessageAlarm = Alarm.Builder.create(this, "OldestMessageAlarm")
                .alarmDescription("The oldest queued notification waits longer than "
                        + OLDEST_MESSAGE_ALARM.toMinutes()
                        + " minutes: the manager is not keeping up or keeps failing.")
                .metric(queue.metricApproximateAgeOfOldestMessage(
                        MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build()))
                .threshold(OLDEST_MESSAGE_ALARM.toSeconds())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(5)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    Queue queue() {
        return queue;
    }

    /** The queue's maximum message size, which the listeners enforce ({@code GC_QUEUE_MAX_MESSAGE_BYTES}). */
    int maxMessageBytes() {
        return MAX_MESSAGE_BYTES;
    }

    Queue deadLetters() {
        return deadLetters;
    }

    Alarm deadLetterAlarm() {
        return deadLetterAlarm;
    }

    Alarm oldestMessageAlarm() {
        return oldestMessageAlarm;
    }
}
