package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class CacheStateTest {

    static Template dev;

    @BeforeAll
    static void synth() {
        dev = TestApps.dev().template();
    }

    @Test
    void redis_isMultiAzWithReplicaTlsAndEncryptedAtRest() {
        dev.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Match.objectLike(Map.of(
                "NumCacheClusters", 2,
                "MultiAZEnabled", true,
                "AutomaticFailoverEnabled", true,
                "TransitEncryptionEnabled", true,
                "AtRestEncryptionEnabled", true,
                "Port", CacheState.PORT)));
    }

    @Test
    void authToken_isADynamicReferenceToAGeneratedSecret() {
        dev.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Match.objectLike(Map.of(
                "AuthToken", Map.of("Fn::Join", List.of("", List.of("{{resolve:secretsmanager:",
                        Map.of("Ref", Match.stringLikeRegexp("CacheStateAuthToken.*")), ":SecretString:::}}"))))));
        dev.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "Name", "gc-dev/redis/auth-token",
                "GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 64)))));
    }

    @Test
    void redis_admitsOnlyTheManagerAndMetricsSecurityGroups() {
        Map<String, Map<String, Object>> rules = dev.findResources("AWS::EC2::SecurityGroupIngress", Match.objectLike(
                Map.of("Properties", Match.objectLike(Map.of("GroupId",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CacheStateSecurityGroup.*"),
                        "GroupId")))))));
        assertThat(rules.values()).extracting(r -> TestApps.props(r).get("SourceSecurityGroupId").toString())
                .hasSize(2)
                .anySatisfy(s -> assertThat(s).contains("ManagerSecurityGroup"))
                .anySatisfy(s -> assertThat(s).contains("MetricsSecurityGroup"));
        assertThat(rules.values()).allSatisfy(r -> assertThat(TestApps.props(r))
                .containsEntry("FromPort", CacheState.PORT).containsEntry("ToPort", CacheState.PORT)
                .doesNotContainKey("CidrIp"));
        dev.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "GroupDescription", Match.stringLikeRegexp("Redis.*"),
                "SecurityGroupIngress", Match.absent())));
    }

    @Test
    void parameterGroup_neverEvicts_andTheGroupUsesIt() {
        dev.hasResourceProperties("AWS::ElastiCache::ParameterGroup", Match.objectLike(Map.of(
                "CacheParameterGroupFamily", CacheState.PARAMETER_FAMILY,
                "Properties", Map.of("maxmemory-policy", "noeviction"))));
        dev.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Match.objectLike(Map.of(
                "EngineVersion", CacheState.ENGINE_VERSION,
                "CacheParameterGroupName", Map.of("Ref", Match.stringLikeRegexp("CacheStateParameters.*")))));
        assertThat(CacheState.ENGINE_VERSION).startsWith(CacheState.PARAMETER_FAMILY.substring("redis".length()));
    }

    @Test
    void alarms_onMemoryCpuEvictionsAndReplicationLag_takeTheHigherOfBothNodes() {
        for (String metric : List.of("DatabaseMemoryUsagePercentage", "EngineCPUUtilization", "Evictions",
                "ReplicationLag")) {
            dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "ComparisonOperator", "GreaterThanThreshold",
                    "Metrics", Match.arrayWith(List.of(
                            Match.objectLike(Map.of("Expression", "MAX([node1, node2])", "Label", metric)),
                            Match.objectLike(Map.of("Id", "node1", "MetricStat",
                            Match.objectLike(Map.of("Metric", Match.objectLike(Map.of(
                                    "Namespace", "AWS/ElastiCache", "MetricName", metric,
                                    "Dimensions", List.of(Map.of("Name", "CacheClusterId", "Value",
                                    Map.of("Fn::Join", List.of("", List.of(
                                            Map.of("Ref", Match.stringLikeRegexp("CacheStateReplicationGroup.*")),
                                            "-001"))))))))))))))));
        }
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmDescription", Match.stringLikeRegexp("Redis uses over 80 %.*"), "Threshold",
                CacheState.MEMORY_ALARM_PERCENT)));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmDescription", Match.stringLikeRegexp("Redis evicted keys.*"), "Threshold", 0)));
    }
}
