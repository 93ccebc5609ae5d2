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
                "Name", "emqx", "DnsConfig", Match.objectLike(Map.of("DnsRecords", List.of(Map.of("TTL", 10, "Type", "A")))))));
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
    void dashboardPort_isNeverExposed() {
        String template = dev.toJSON().toString();
        assertThat(template).doesNotContain("18083");
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
                        "Environment", Match.arrayWith(List.of(Map.of(
                                "Name", "EMQX_CLUSTER__DNS__NAME", "Value", "emqx.gc-dev.internal"))),
                        "PortMappings", List.of(
                                Match.objectLike(Map.of("ContainerPort", Broker.MQTT_PORT)),
                                Match.objectLike(Map.of("ContainerPort", Broker.WS_PORT)))))))));
    }

    @Test
    void tasks_acceptClusterTrafficOnlyFromEachOther() {
        for (int port : Broker.CLUSTER_PORTS) {
            dev.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                    "FromPort", port, "ToPort", port,
                    "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("BrokerSecurityGroup.*"), "GroupId")))));
        }
        dev.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "GroupDescription", Match.stringLikeRegexp("EMQX.*"),
                "SecurityGroupIngress", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "CidrIp", "10.40.0.0/16", "FromPort", Broker.MQTT_PORT)))))));
    }

    @Test
    void brokerName_hasARecordAndTheManagerGetsItsMqttsUrl() {
        dev.hasResourceProperties("AWS::Route53::RecordSet", Match.objectLike(Map.of(
                "Name", "broker.dev.gc.example.org.", "Type", "A")));
        dev.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("GC_BROKER_URL", "mqtts://broker.dev.gc.example.org:8883",
                        "GC_BROKER_USER", "gc-publisher"))))));
    }
}
