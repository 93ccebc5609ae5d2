package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ObjectNode;
import wis2.gc.model.InvalidNotificationException;
import wis2.gc.model.Notification;
import wis2.gc.testing.Poll;
import wis2.gc.testing.Wnm;

/**
 * Hostile links and broken messages, one after the other in a batch, as the AWS deployment
 * sees them (private sources refused): each ends with its reason, none reaches the network
 * beyond the guard, and the valid message after them is still cached.
 */
@ExtendWith(SharedServers.class)
class HostileInputIT {

    @Test
    void hostileLinksAndBadMessages_areRefusedWithTheirReason_andTheNextValidMessageGoesThrough(
            Servers servers) throws Exception {
        String centre = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "origin/a/wis2/" + centre + "/data/core/x";
        Map<String, String> expected = new LinkedHashMap<>(); // message id -> outcome/reason
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "download_failed/forbidden-address");
        links.put("http://127.0.0.1:" + servers.redis.port() + "/", "download_failed/forbidden-address");
        links.put("http://[::1]/x", "download_failed/forbidden-address");
        links.put("http://10.0.0.8/x.bufr4", "download_failed/forbidden-address");
        links.put("http://0.0.0.0/x", "download_failed/forbidden-address");
        links.put("file:///etc/passwd", "download_failed/scheme");
        links.put("ftp://example.org/x", "download_failed/scheme");
        links.put("http://user:pw@example.org/x", "download_failed/user-info");
        links.put("http://exa mple.org/x", "download_failed/bad-url");
        for (var link : links.entrySet()) {
            Wnm wnm = Wnm.data().dataId(centre + "/" + UUID.randomUUID()).href(link.getKey());
            SQSEvent.SQSMessage m = Sqs.record(topic, wnm);
            records.add(m);
            expected.put(m.getMessageId(), link.getValue());
        }
        List<String> broken = List.of("{\"id\": \"x\", ", "[1, 2, 3]", "",
                resource("pywis-pubsub-test_malformed-trailing-comma.json"),
                resource("pywis-pubsub-test_invalid_datetime-missing-pubtime.json"),
                resource("pywis-pubsub-test_invalid-content-missing-size.json"));
        for (String body : broken) {
            SQSEvent.SQSMessage m = Sqs.record(UUID.randomUUID().toString(), topic, "broken-" + UUID.randomUUID(),
                    body);
            records.add(m);
            expected.put(m.getMessageId(), "invalid/" + modelReason(body)); // the reason codes are the shared model's
        }
        SQSEvent.SQSMessage badTopic = Sqs.record("origin/a/wis2/" + centre + "/../../etc", Wnm.data());
        records.add(badTopic);
        expected.put(badTopic.getMessageId(), "invalid/topic");

        byte[] valid = "valid after all the others".getBytes(StandardCharsets.US_ASCII);
        Wnm good = Wnm.data().dataId(centre + "/good").href("http://10.0.0.9/unused")
                .integrity("sha512", MessageDigest.getInstance("SHA-512").digest(valid))
                .content("base64", Base64.getEncoder().encodeToString(valid), valid.length);
        SQSEvent.SQSMessage last = Sqs.record(topic, good);
        records.add(last);
        expected.put(last.getMessageId(), "cached/inline");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ManagerConfig config = servers.config().allowPrivateSources(false).build();
        List<String> failed = new ArrayList<>();
        try (ManagerHandler strict = new ManagerHandler(config, servers.s3Client, ManagerSecrets.fromConfig(config),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            for (int i = 0; i < records.size(); i += 10) {
                failed.addAll(Sqs.failed(
                        strict.handleRequest(Sqs.event(records.subList(i, Math.min(i + 10, records.size()))), null)));
            }
        }

        assertThat(failed).isEmpty();
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String line : log.toString(StandardCharsets.UTF_8).strip().split("\n")) {
            ObjectNode n = Wnm.parse(line.getBytes(StandardCharsets.UTF_8));
            outcomes.put(n.get("message_id").asString(), n.get("outcome").asString() + "/" + n.get("reason")
                    .asString());
        }
        assertThat(outcomes).isEqualTo(expected);
        Poll.until(Duration.ofSeconds(5), () -> servers.subscriber.on("cache/a/wis2/" + centre + "/").size() == 1,
                "the valid message");
        assertThat(servers.subscriber.on("monitor/a/wis2/" + centre)).hasSize(links.size());
    }

    private static String modelReason(String body) {
        try {
            Notification.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidNotificationException e) {
            return e.reason();
        }
        throw new AssertionError("not a broken message: " + body);
    }

    private static String resource(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources", name));
    }
}
