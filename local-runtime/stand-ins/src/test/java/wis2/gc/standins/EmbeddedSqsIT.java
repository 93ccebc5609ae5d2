package wis2.gc.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class EmbeddedSqsIT {

    private static EmbeddedSqs sqs;
    private static SqsClient client;

    @BeforeAll
    static void start() {
        sqs = EmbeddedSqs.start();
        client = SqsClient.builder()
                .endpointOverride(sqs.endpoint())
                .region(StandIns.REGION)
                .credentialsProvider(StandIns.awsCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sqs.close();
    }

    private static void send(String queueUrl, String group, String dedupId, String body) {
        client.sendMessage(r -> r.queueUrl(queueUrl).messageGroupId(group).messageDeduplicationId(dedupId)
                .messageBody(body)
                .messageAttributes(java.util.Map.of("topic",
                        MessageAttributeValue.builder().dataType("String").stringValue("origin/a/wis2/x").build())));
    }

    private static List<Message> receive(String queueUrl) {
        return client.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                .messages();
    }

    @Test
    void createFifoQueue_takesOneMebibyteAndRefusesMore() {
        String url = sqs.createFifoQueue("size.fifo", "size-dlq.fifo", 3);

        send(url, "data-1", "full", "x".repeat(EmbeddedSqs.MAX_MESSAGE_BYTES));
        assertThat(receive(url)).singleElement()
                .satisfies(m -> assertThat(m.body()).hasSize(EmbeddedSqs.MAX_MESSAGE_BYTES));
        assertThatThrownBy(() -> send(url, "data-1", "over", "x".repeat(EmbeddedSqs.MAX_MESSAGE_BYTES + 1)))
                .hasMessageContaining("MessageTooLong");
    }

    @Test
    void createFifoQueue_deliversInOrderAndDropsARepeatedDeduplicationId() {
        String url = sqs.createFifoQueue("order.fifo", "order-dlq.fifo", 3);

        send(url, "data-1", "n1", "first");
        send(url, "data-1", "n2", "second");
        send(url, "data-1", "n1", "first again, same deduplication id");
        List<Message> messages = receive(url);

        assertThat(url).startsWith(sqs.endpoint().toString());
        assertThat(messages).extracting(Message::body).containsExactly("first", "second");
        assertThat(messages.getFirst().messageAttributes().get("topic").stringValue()).isEqualTo("origin/a/wis2/x");
        assertThat(messages.getFirst().attributes())
                .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "data-1");
        assertThat(client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes())
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
    }

    @Test
    void createFifoQueue_movesAMessageToTheDlqAfterMaxReceiveCount() {
        String url = sqs.createFifoQueue("redrive.fifo", "redrive-dlq.fifo", 2);
        String dlqUrl = client.getQueueUrl(r -> r.queueName("redrive-dlq.fifo")).queueUrl();
        send(url, "data-1", "n1", "poison");

        for (int receive = 1; receive <= 2; receive++) {
            Message message = receive(url).getFirst();
            assertThat(message.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                    Integer.toString(receive));
            // a failed batch item: handed back at once instead of waiting out the visibility timeout
            client.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
        }

        assertThat(receive(url)).isEmpty();
        assertThat(receive(dlqUrl)).extracting(Message::body).containsExactly("poison");
    }

    @Test
    void restart_servesTheSameQueuesAndMessagesOnTheSamePort() {
        String url = sqs.createFifoQueue("restart.fifo", "restart-dlq.fifo", 3);
        send(url, "data-1", "n1", "kept");
        int port = sqs.port();

        sqs.stop();
        assertThat(sqs.isRunning()).isFalse();
        assertThatThrownBy(() -> send(url, "data-1", "n2", "refused")).isInstanceOf(SdkClientException.class);

        sqs.restart();
        assertThat(sqs.port()).isEqualTo(port);
        assertThat(receive(url)).extracting(Message::body).containsExactly("kept");
    }

    @Test
    void createFifoQueue_refusesNamesSqsWouldRefuse() {
        assertThatThrownBy(() -> sqs.createFifoQueue("standard", "dlq.fifo", 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard");
        assertThatThrownBy(() -> sqs.createFifoQueue("a.fifo", "a.fifo", 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own dead-letter");
        assertThatThrownBy(() -> sqs.createFifoQueue("b.fifo", "b-dlq.fifo", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxReceiveCount");
    }
}
