package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class WorkQueueTest {

    static Template dev;

    @BeforeAll
    static void synth() {
        dev = TestApps.dev().template();
    }

    @Test
    void queue_isEncryptedFifoWithVisibilitySixTimesTheManagerTimeout() {
        int managerTimeout = TestApps.config("dev").manager().timeoutSeconds();
        dev.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "FifoQueue", true,
                "SqsManagedSseEnabled", true,
                "DeduplicationScope", "messageGroup",
                "FifoThroughputLimit", "perMessageGroupId",
                "VisibilityTimeout", managerTimeout * 6,
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 5)))));
    }

    @Test
    void queueAndDeadLetterQueue_takeMessagesOfOneMebibyte() {
        assertThat(dev.findResources("AWS::SQS::Queue", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("MaximumMessageSize", 1_048_576)))))).hasSize(2);
    }

    @Test
    void deadLetterQueue_isEncryptedFifoKeptFourteenDays() {
        dev.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "FifoQueue", true, "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 14 * 24 * 3600)));
    }

    @Test
    void queues_refuseRequestsWithoutTls() {
        dev.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(
                Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Action", "sqs:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void alarms_onAnyDeadLetterAndOnOldMessages() {
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold")));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 900)));
    }
}
