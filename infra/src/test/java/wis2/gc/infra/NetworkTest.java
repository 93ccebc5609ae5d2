package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class NetworkTest {

    static Template dev;
    static Template prod;

    @BeforeAll
    static void synth() {
        dev = TestApps.dev().template();
        prod = TestApps.prod().template();
    }

    @Test
    void createdVpc_hasPrivateSubnetsBehindNatOnElasticIps() {
        dev.resourceCountIs("AWS::EC2::VPC", 1);
        dev.resourceCountIs("AWS::EC2::NatGateway", 1);
        dev.resourceCountIs("AWS::EC2::EIP", 1);
        dev.hasResourceProperties("AWS::EC2::Subnet", Match.objectLike(Map.of(
                "MapPublicIpOnLaunch", false, "AvailabilityZone", "eu-central-1b")));
        dev.hasResourceProperties("AWS::EC2::FlowLog", Match.objectLike(Map.of("TrafficType", "REJECT")));
    }

    @Test
    void createdVpc_outputsEachEgressAddress() {
        var outputs = dev.findOutputs("*", Match.objectLike(Map.of(
                "Value", Map.of("Fn::GetAtt",
                List.of(Match.stringLikeRegexp("NetworkVpcpublicSubnet\\dEIP.*"), "PublicIp")))));
        assertThat(outputs).hasSize(1);
    }

    @Test
    void importedVpc_isNotCreatedAndItsEgressAddressesAreOutputs() {
        prod.resourceCountIs("AWS::EC2::VPC", 0);
        prod.resourceCountIs("AWS::EC2::NatGateway", 0);
        assertThat(prod.findOutputs("*", Match.objectLike(Map.of("Value", "198.51.100.11")))).hasSize(1);
        prod.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("VpcConfig", Match.objectLike(
                Map.of("SubnetIds", List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"))))));
    }

    @Test
    void s3_isReachedThroughAGatewayEndpointOnThePrivateRoutes() {
        dev.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(
                Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(".s3")))))),
                "RouteTableIds", List.of(
                        Map.of("Ref", Match.stringLikeRegexp("NetworkVpcprivateSubnet1RouteTable.*")),
                        Map.of("Ref", Match.stringLikeRegexp("NetworkVpcprivateSubnet2RouteTable.*"))))));
        prod.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of(
                "VpcEndpointType", "Gateway", "VpcId", "vpc-0123456789abcdef0",
                "RouteTableIds", List.of("rtb-0ccccccccccccccc1", "rtb-0ccccccccccccccc2"))));
    }

    @Test
    void interfaceEndpoints_coverEveryAwsApiTheProgramsCall_whereConfigured() {
        dev.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of("VpcEndpointType", "Interface")),
                0);
        for (String service : List.of("sqs", "secretsmanager", "logs", "ecr.api", "ecr.dkr", "sts")) {
            prod.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of(
                    "VpcEndpointType", "Interface",
                    "ServiceName", "com.amazonaws.eu-central-1." + service,
                    "PrivateDnsEnabled", true,
                    "SubnetIds", List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"),
                    "SecurityGroupIds", List.of(Map.of("Fn::GetAtt", List.of(
                            Match.stringLikeRegexp("NetworkEndpointsSecurityGroup.*"), "GroupId"))))));
        }
        prod.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint",
                Match.objectLike(Map.of("VpcEndpointType", "Interface")),
                Network.INTERFACE_SERVICES.size());
        prod.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "GroupDescription", Match.stringLikeRegexp("Interface endpoints.*"),
                "SecurityGroupIngress", List.of(Match.objectLike(Map.of(
                        "CidrIp", "10.20.0.0/16", "FromPort", 443, "ToPort", 443))))));
    }
}
