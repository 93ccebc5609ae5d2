package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ListenersTest {

    static Template prod;

    @BeforeAll
    static void synth() {
        prod = TestApps.prod().template();
    }

    @Test
    void oneServicePerGlobalBroker() {
        // three listeners and the broker
        prod.resourceCountIs("AWS::ECS::Service", 4);
        for (String name : List.of("gb-a", "gb-b", "gb-c")) {
            prod.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("ContainerDefinitions",
                    List.of(Match.objectLike(Map.of(
                            "Environment", Match.arrayWith(List.of(Map.of("Name", "GC_BROKER_NAME", "Value", name))),
                            // cdk.json's @aws-cdk/core:enablePartitionLiterals: the ARN is a plain string
                            "Secrets", Match.arrayWith(
                                    List.of(Map.of("Name", "GC_BROKER_URL", "ValueFrom", Match.stringLikeRegexp(
                                    ".*:secret:gc-prod/global-broker/" + name + "/url"))))))))));
        }
    }

    @Test
    void listener_getsQueueUrlSubscriptionsAndAHealthCheckOnHealth() {
        prod.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("ContainerDefinitions",
                List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "GC_CENTRE_ID", "Value", "xx-example-global-cache"),
                                Map.of("Name", "GC_QUEUE_URL", "Value",
                                Map.of("Ref", Match.stringLikeRegexp("WorkQueue.*"))),
                                Map.of("Name", "GC_HTTP_PORT", "Value", "8080"),
                                Map.of("Name", "GC_SUBSCRIPTIONS", "Value", "origin/a/wis2/#,cache/a/wis2/#"))),
                        "HealthCheck", Match.objectLike(Map.of("Command", List.of("CMD", "java",
                                "-XX:TieredStopAtLevel=1", "-jar", "/app/client-service.jar", "health", "live")))))))));
    }

    @Test
    void deployments_neverRunTwoTasksOfOneBroker_andKeepTheCircuitBreakerForCrashingTasks() {
        Map<String, Map<String, Object>> listeners = prod.findResources("AWS::ECS::Service", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of(
                        "DesiredCount", 1,
                        "DeploymentConfiguration", Match.objectLike(Map.of(
                                "MaximumPercent", 100,
                                "MinimumHealthyPercent", 0,
                                "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))))))));
        assertThat(listeners).hasSize(3);
    }

    @Test
    void listener_getsTheQueuesSizeLimitItsFlushTimeAndTheCacheBrokerForReports_andStopsWithinTheStopTimeout() {
        prod.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("ContainerDefinitions",
                List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "GC_QUEUE_MAX_MESSAGE_BYTES", "Value", "1048576"),
                                Map.of("Name", "GC_STOP_TIMEOUT_SECONDS", "Value", "20"),
                                Map.of("Name", "GC_MONITOR_BROKER_URL", "Value", "mqtts://broker.gc.example.org:8883"),
                                Map.of("Name", "GC_MONITOR_BROKER_USER", "Value", "gc-publisher"))),
                        "Secrets", Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "Name", "GC_MONITOR_BROKER_PASSWORD",
                                "ValueFrom", Map.of("Ref", Match.stringLikeRegexp("BrokerPublisherPassword.*")))))),
                        "StopTimeout", 45))))));
        assertThat(Listeners.STOP_TIMEOUT_SECONDS).isGreaterThanOrEqualTo(Listeners.FLUSH_SECONDS + 20);
    }

    @Test
    void alarms_perGlobalBroker_onNothingForwardedAndOnNotConnected_aDeadListenerBreaches() {
        for (String name : List.of("gb-a", "gb-b", "gb-c")) {
            prod.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.ofEntries(
                    Map.entry("Namespace", "GlobalCache/Listener"), Map.entry("MetricName", "Forwarded"),
                    Map.entry("Statistic", "Sum"), Map.entry("Period", 60),
                    Map.entry("Dimensions", List.of(Map.of("Name", "Broker", "Value", name))),
                    Map.entry("Threshold", 1), Map.entry("ComparisonOperator", "LessThanThreshold"),
                    Map.entry("EvaluationPeriods", 15), Map.entry("DatapointsToAlarm", 15),
                    Map.entry("TreatMissingData", "breaching"), Map.entry("AlarmActions", Match.anyValue()))));
            prod.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "Namespace", "GlobalCache/Listener", "MetricName", "Connected", "Statistic", "Maximum",
                    "Dimensions", List.of(Map.of("Name", "Broker", "Value", name)),
                    "Threshold", 1, "ComparisonOperator", "LessThanThreshold",
                    "EvaluationPeriods", 5, "TreatMissingData", "breaching")));
        }
        assertThat(prod.findResources("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("Namespace", "GlobalCache/Listener")))))).hasSize(6);
    }

    @Test
    void listenerTaskRole_mayOnlySendToTheQueue() {
        Map<String, Map<String, Object>> policies = prod.findResources("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(
                Map.of("PolicyName", Match.stringLikeRegexp("ListenersTask.*TaskRole.*"))))));
        assertThat(policies).hasSize(3);
        prod.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "PolicyName", Match.stringLikeRegexp("ListenersTaskgba.*TaskRole.*"),
                "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Effect", "Allow",
                        "Action", List.of("sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"),
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("WorkQueue.*"), "Arn"))))))));
    }

    @Test
    void withAGlobalReplayService_listenersBackfillFromItWithRedisAndItsTokenAsASecret() {
        prod.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("ContainerDefinitions",
                List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "GC_GLOBAL_REPLAY_URL", "Value", "https://replay.example.org"),
                                Match.objectLike(Map.of("Name", "GC_REDIS_URL")),
                                Map.of("Name", "GC_REPLAY_MARGIN_MINUTES", "Value", "5"),
                                Map.of("Name", "GC_REPLAY_THRESHOLD_MINUTES", "Value", "10"),
                                Map.of("Name", "GC_REPLAY_MAX_GAP_HOURS", "Value", "6"))),
                        "Secrets", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "GC_REDIS_TOKEN",
                                "ValueFrom", Match.objectLike(Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                                        Match.stringLikeRegexp(".*:token::"))))))))))))))));
        prod.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                "FromPort", CacheState.PORT,
                "SourceSecurityGroupId", Map.of("Fn::GetAtt",
                List.of(Match.stringLikeRegexp("ListenersSecurityGroup.*"), "GroupId")))));
    }

    @Test
    void withoutAGlobalReplayService_listenersGetNoReplaySettings() {
        Template dev = TestApps.dev().template();
        Map<String, Map<String, Object>> tasks = dev.findResources("AWS::ECS::TaskDefinition");
        assertThat(tasks.toString()).contains("GC_BROKER_NAME").doesNotContain("GC_GLOBAL_REPLAY_URL")
                .doesNotContain("GC_REDIS_TOKEN");
    }
}
