package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

class ObservabilityTest {

    @Test
    void dashboardAndAlarms_existWithoutATopicWhenNoAddressIsConfigured() {
        var dev = TestApps.dev();
        dev.template().resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        dev.template().resourceCountIs("AWS::SNS::Topic", 0);
        // DLQ, oldest message, own network, manager errors and throttles, metrics 5xx, broker tasks, one listener's
        // tasks and its two feed alarms (nothing forwarded, not connected); the broker's unhealthy targets
        // (two listeners), queue overflow and memory; Redis's four
        assertThat(dev.stack().observability.alarms()).hasSize(10 + 4 + 4);
    }

    @Test
    void everyAlarm_notifiesTheEncryptedTopicWhenAnAddressIsConfigured() {
        var prod = TestApps.prod().template();
        prod.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
        prod.hasResourceProperties("AWS::SNS::Subscription", Match.objectLike(Map.of(
                "Protocol", "email", "Endpoint", "gc-operations@example.org")));
        var alarms = prod.findResources("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(10 + 6 + 4 + 4); // three Global Brokers: nothing forwarded, not connected each
        assertThat(alarms.values()).allSatisfy(a -> assertThat(((Map<?, ?>) a.get("Properties")).get("AlarmActions"))
                .isEqualTo(List.of(Map.of("Ref", prod.findResources("AWS::SNS::Topic").keySet().iterator().next()))));
    }
}
