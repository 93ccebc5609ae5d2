package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ManagerTest {

    static Template dev;

    @BeforeAll
    static void synth() {
        dev = TestApps.dev().template();
    }

    @Test
    void function_isJava21Arm64WithSnapStartInTheVpc() {
        dev.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", Manager.HANDLER,
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "Timeout", 60,
                "EphemeralStorage", Map.of("Size", 512),
                "VpcConfig", Match.objectLike(Map.of("SubnetIds", Match.anyValue())))));
    }

    @Test
    void function_getsEveryVariableTheManagerReads() {
        Map<String, Map<String, Object>> functions = dev.findResources("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Handler", Manager.HANDLER)))));
        assertThat(functions).hasSize(1);
        var props = TestApps.props(functions.values().iterator().next());
        var variables = TestApps.map(TestApps.map(props.get("Environment")).get("Variables"));
        assertThat(variables.keySet()).containsExactlyInAnyOrder("GC_CENTRE_ID", "GC_BUCKET", "GC_PUBLIC_BASE_URL",
                "GC_REDIS_URL", "GC_REDIS_TOKEN_SECRET_ARN", "GC_BROKER_URL", "GC_BROKER_USER",
                "GC_BROKER_PASSWORD_SECRET_ARN", "GC_MAX_OBJECT_BYTES", "GC_TOPIC_BLOCKLIST", "GC_RETENTION_HOURS",
                "GC_ALLOW_PRIVATE_SOURCES", "GC_DOWNLOAD_CONNECT_TIMEOUT_MS", "GC_DOWNLOAD_READ_TIMEOUT_MS",
                "GC_DOWNLOAD_TOTAL_TIMEOUT_MS", "GC_DOWNLOAD_RETRIES", "GC_DOWNLOAD_RETRY_BACKOFF_MS",
                "GC_TIME_RESERVE_MS",
                "GC_SOURCE_ATTEMPTS", "GC_ADD_INTEGRITY", "GC_TMP_CAPACITY_BYTES");
        assertThat(variables).containsEntry("GC_PUBLIC_BASE_URL", "https://cache.dev.gc.example.org")
                .containsEntry("GC_RETENTION_HOURS", "24")
                .containsEntry("GC_ALLOW_PRIVATE_SOURCES", "false")
                .containsEntry("GC_MAX_OBJECT_BYTES", "104857600")
                .containsEntry("GC_DOWNLOAD_TOTAL_TIMEOUT_MS", "45000")
                .containsEntry("GC_TIME_RESERVE_MS", "2000")
                .containsEntry("GC_SOURCE_ATTEMPTS", "3")
                .containsEntry("GC_ADD_INTEGRITY", "true")
                .containsEntry("GC_TMP_CAPACITY_BYTES", "536870912");
        assertThat(variables.get("GC_REDIS_URL").toString()).contains("rediss://").contains("PrimaryEndPoint.Address");
    }

    @Test
    void eventSource_invokesTheAliasWithBatchConcurrencyAndPartialFailures() {
        var settings = TestApps.config("dev").manager();
        dev.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "BatchSize", settings.batchSize(),
                "ScalingConfig", Map.of("MaximumConcurrency", settings.maxConcurrency()),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"))));
        var mapping = dev.findResources("AWS::Lambda::EventSourceMapping").values().iterator().next();
        assertThat(TestApps.props(mapping).get("FunctionName").toString()).as("invokes the alias").contains(":live");
        dev.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
    }

    @Test
    void role_mayWriteAndDeleteObjectsAndReadItsTwoSecretsOnly() {
        dev.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "PolicyName", Match.stringLikeRegexp("ManagerFunctionServiceRole.*"),
                // cdk.json's @aws-cdk/aws-iam:minimizePolicies merges and sorts the statements
                "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(
                        Match.objectLike(Map.of("Action",
                        Match.arrayWith(List.of("sqs:DeleteMessage", "sqs:ReceiveMessage")))),
                        Match.objectLike(Map.of("Action",
                        List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
                                "Resource", List.of(Map.of("Ref", Match.stringLikeRegexp("BrokerPublisherPassword.*")),
                                        Map.of("Ref", Match.stringLikeRegexp("CacheStateAuthToken.*"))))),
                        Match.objectLike(Map.of("Action", List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject"))),
                        Match.objectLike(Map.of("Action", "s3:ListBucket"))))))));
    }

    @Test
    void ownNetworkFaults_areCountedFromTheManagersLogAndAlarmed() {
        dev.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of(
                "FilterPattern", Match.stringLikeRegexp(".*outcome.*" + Manager.OWN_NETWORK_OUTCOME + ".*"),
                "LogGroupName", Map.of("Ref", Match.stringLikeRegexp("ManagerLogs.*")),
                "MetricTransformations", List.of(Match.objectLike(Map.of(
                        "MetricNamespace", Manager.METRIC_NAMESPACE, "MetricName", "OwnNetworkFaults", "MetricValue",
                        "1"))))));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "OwnNetworkFaults",
                "Namespace", Manager.METRIC_NAMESPACE,
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", 0,
                "AlarmDescription", Match.stringLikeRegexp(".*own network.*"))));
    }
}
