package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class BrokerTest {

    static Template dev;

    @BeforeAll
    static void synth() {
        dev = TestApps.dev().template();
    }

    @Test
    void emqx_runsTwoTasksRegisteredInCloudMap() {
        dev.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DesiredCount", 2,
                "ServiceRegistries", List.of(Match.objectLike(Map.of("RegistryArn", Match.anyValue()))),
                "NetworkConfiguration", Match.objectLike(Map.of("AwsvpcConfiguration",
                        Match.objectLike(Map.of("AssignPublicIp", "DISABLED")))))));
        dev.hasResourceProperties("AWS::ServiceDiscovery::Service", Match.objectLike(Map.of(
                "Name", "emqx", "DnsConfig",
                Match.objectLike(Map.of("DnsRecords", List.of(Map.of("TTL", 10, "Type", "A")))))));
    }

    @Test
    void loadBalancer_terminatesTlsOn8883And443Only() {
        String cert = TestApps.config("dev").certificates().regionalArn();
        dev.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
                "Scheme", "internet-facing", "Type", "network")));
        for (int port : new int[] {8883, 443}) {
            dev.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                    "Port", port, "Protocol", "TLS", "Certificates", List.of(Map.of("CertificateArn", cert)))));
        }
        dev.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
    }

    @Test
    void loadBalancer_checksEachTaskOnEmqxStatusOverHttp() {
        var groups = dev.findResources("AWS::ElasticLoadBalancingV2::TargetGroup");
        assertThat(groups).hasSize(2);
        assertThat(groups.values()).allSatisfy(g -> assertThat(TestApps.props(g))
                .containsEntry("HealthCheckProtocol", "HTTP")
                .containsEntry("HealthCheckPort", Integer.toString(Broker.STATUS_PORT))
                .containsEntry("HealthCheckPath", "/status")
                .containsEntry("Matcher", Map.of("HttpCode", "200")));
    }

    @Test
    void statusPort_isReachableOnlyFromTheLoadBalancerAndNeverForwarded() {
        var rules = ingressTo("BrokerSecurityGroup", Broker.STATUS_PORT);
        assertThat(rules).hasSize(1).allSatisfy(r -> assertThat(r.get("SourceSecurityGroupId").toString())
                .contains("BrokerLoadBalancerSecurityGroup"));
        dev.resourcePropertiesCountIs("AWS::ElasticLoadBalancingV2::Listener",
                Match.objectLike(Map.of("Port", Broker.STATUS_PORT)), 0);
    }

    @Test
    void plainListeners_admitOnlyTheLoadBalancerAndTheCachePublisher() {
        assertThat(ingressTo("BrokerSecurityGroup", Broker.MQTT_PORT))
                .extracting(r -> r.get("SourceSecurityGroupId").toString())
                .hasSize(2)
                .anySatisfy(s -> assertThat(s).contains("BrokerLoadBalancerSecurityGroup"))
                .anySatisfy(s -> assertThat(s).contains("ManagerSecurityGroup"));
        assertThat(ingressTo("BrokerSecurityGroup", Broker.WS_PORT))
                .extracting(r -> r.get("SourceSecurityGroupId").toString())
                .singleElement().asString().contains("BrokerLoadBalancerSecurityGroup");
        // no CIDR rule at all on the tasks' group: neither the VPC nor the internet reaches them directly
        dev.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "GroupDescription", Match.stringLikeRegexp("EMQX tasks.*"),
                "SecurityGroupIngress", Match.absent())));
    }

    @Test
    void loadBalancer_hasItsOwnSecurityGroupOpenOnTheTlsPortsOnly() {
        dev.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
                "SecurityGroups", List.of(Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("BrokerLoadBalancerSecurityGroup.*"), "GroupId"))))));
        dev.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "GroupDescription", Match.stringLikeRegexp("Broker load balancer.*"),
                "SecurityGroupIngress", List.of(
                        Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 8883, "ToPort", 8883)),
                        Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443, "ToPort", 443))))));
    }

    @Test
    void alarms_onUnhealthyTargetsQueueOverflowAndMemory() {
        for (String listener : List.of("Mqtts", "Wss")) {
            dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "MetricName", "UnHealthyHostCount", "Namespace", "AWS/NetworkELB",
                    "AlarmDescription", Match.stringLikeRegexp(".*on the " + listener + " listener.*"),
                    "Threshold", 0, "ComparisonOperator", "GreaterThanThreshold")));
        }
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "delivery_dropped_queue_full", "Namespace", Broker.METRICS_NAMESPACE,
                "Dimensions", List.of(Map.of("Name", "Broker", "Value", "gc-dev")), "Statistic", "Sum")));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "MemoryUtilization", "Namespace", "AWS/ECS", "Threshold", 80)));
        assertThat(TestApps.dev().stack().broker.alarms()).hasSize(4);
    }

    /** The ingress rules of the group whose logical id starts with {@code group}, on {@code port}. */
    private static List<Map<String, Object>> ingressTo(String group, int port) {
        return dev.findResources("AWS::EC2::SecurityGroupIngress",
                Match.objectLike(Map.of("Properties", Match.objectLike(Map.of(
                "FromPort", port, "GroupId",
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(group + "[0-9A-F]{8}"), "GroupId")))))))
                .values().stream().map(TestApps::props).toList();
    }

    @Test
    void secrets_reachTheContainerAsEcsSecrets() {
        for (String name : List.of("GC_PUBLISHER_PASSWORD", "EMQX_NODE__COOKIE", "EMQX_DASHBOARD__DEFAULT_PASSWORD")) {
            dev.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("ContainerDefinitions",
                    List.of(Match.objectLike(Map.of("Secrets", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Name", name, "ValueFrom", Map.of("Ref", Match.stringLikeRegexp("Broker.*"))))))))))));
        }
        dev.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("ContainerDefinitions", List.of(
                Match.objectLike(Map.of(
                        // sorted by name, so that the template is the same from one synth to the next
                        "Environment", List.of(
                                Map.of("Name", "EMQX_CLUSTER__DISCOVERY_STRATEGY", "Value", "dns"),
                                Map.of("Name", "EMQX_CLUSTER__DNS__NAME", "Value", "emqx.gc-dev.internal"),
                                Map.of("Name", "EMQX_CLUSTER__DNS__RECORD_TYPE", "Value", "a"),
                                Map.of("Name", "GC_BROKER_ID", "Value", "gc-dev"),
                                Map.of("Name", "GC_METRICS_NAMESPACE", "Value", Broker.METRICS_NAMESPACE)),
                        "Secrets", List.of(
                                Match.objectLike(Map.of("Name", "EMQX_DASHBOARD__DEFAULT_PASSWORD")),
                                Match.objectLike(Map.of("Name", "EMQX_NODE__COOKIE")),
                                Match.objectLike(Map.of("Name", "GC_PUBLISHER_PASSWORD"))),
                        "PortMappings", List.of(
                                Match.objectLike(Map.of("ContainerPort", Broker.MQTT_PORT)),
                                Match.objectLike(Map.of("ContainerPort", Broker.WS_PORT)),
                                Match.objectLike(Map.of("ContainerPort", Broker.STATUS_PORT)))))))));
    }

    @Test
    void tasks_acceptClusterTrafficOnlyFromEachOther() {
        for (int port : Broker.CLUSTER_PORTS) {
            assertThat(ingressTo("BrokerSecurityGroup", port)).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("ToPort", port)
                            .containsEntry("SourceSecurityGroupId", r.get("GroupId")));
        }
    }

    @Test
    void brokerName_hasARecordAndTheManagerPublishesOverTheVpcByTheCloudMapName() {
        dev.hasResourceProperties("AWS::Route53::RecordSet", Match.objectLike(Map.of(
                "Name", "broker.dev.gc.example.org.", "Type", "A")));
        // no NAT and no public load balancer between the manager and the broker
        dev.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("GC_BROKER_URL", "mqtt://emqx.gc-dev.internal:" + Broker.MQTT_PORT,
                        "GC_BROKER_USER", "gc-publisher"))))));
    }
}
