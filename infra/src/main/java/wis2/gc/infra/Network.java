package wis2.gc.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The VPC: private subnets for the Lambdas, Redis and the tasks, whose traffic leaves through NAT
 * gateways on Elastic IPs. WIS2 nodes allow-list those addresses, so they are stack outputs.
 * An existing VPC can be imported by ids instead (no lookup, so synth stays offline).
 */
final class Network extends Construct {

    private final IVpc vpc;
    private final String cidr;

    Network(Construct scope, String id, GcConfig.Vpc settings) {
        super(scope, id);
        if (settings.create() != null) {
            var create = settings.create();
            var vpc = Vpc.Builder.create(this, "Vpc")
                    .ipAddresses(IpAddresses.cidr(create.cidr()))
                    .availabilityZones(create.availabilityZones())
                    .natGateways(create.natGateways())
                    // no custom resource Lambda just to empty the default security group
                    .restrictDefaultSecurityGroup(false)
                    .subnetConfiguration(List.of(
                            SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                            SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                    .cidrMask(20).build()))
                    .build();
            vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                    .trafficType(FlowLogTrafficType.REJECT)
                    .destination(FlowLogDestination.toCloudWatchLogs(LogGroup.Builder.create(this, "FlowLogs")
                            .retention(RetentionDays.ONE_MONTH).build()))
                    .build());
            int n = 0;
            for (var subnet : vpc.getPublicSubnets()) {
                if (subnet.getNode().tryFindChild("EIP") instanceof CfnEIP eip) {
                    CfnOutput.Builder.create(this, "EgressIp" + (++n))
                            .description("Egress address of the cache (NAT gateway " + n + "): WIS2 nodes allow-list it")
                            .value(eip.getAttrPublicIp())
                            .build();
                }
            }
            this.vpc = vpc;
            this.cidr = create.cidr();
        } else {
            var imported = settings.imported();
            this.vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                    .vpcId(imported.vpcId())
                    .vpcCidrBlock(imported.cidr())
                    .availabilityZones(imported.availabilityZones())
                    .privateSubnetIds(imported.privateSubnetIds())
                    .publicSubnetIds(imported.publicSubnetIds())
                    .build());
            this.cidr = imported.cidr();
            for (ISubnet subnet : allSubnets(this.vpc)) {
                Annotations.of(subnet).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                        "Nothing here adds routes to the imported VPC's subnets.");
            }
            var ips = new ArrayList<>(imported.egressIps());
            for (int i = 0; i < ips.size(); i++) {
                CfnOutput.Builder.create(this, "EgressIp" + (i + 1))
                        .description("Egress address of the imported VPC (from the configuration)")
                        .value(ips.get(i)).build();
            }
        }
    }

    private static List<ISubnet> allSubnets(IVpc vpc) {
        var subnets = new ArrayList<ISubnet>(vpc.getPublicSubnets());
        subnets.addAll(vpc.getPrivateSubnets());
        return subnets;
    }

    IVpc vpc() {
        return vpc;
    }

    String cidr() {
        return cidr;
    }

    SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnets(vpc.getPrivateSubnets()).build();
    }

    SubnetSelection publicSubnets() {
        return SubnetSelection.builder().subnets(vpc.getPublicSubnets()).build();
    }
}
