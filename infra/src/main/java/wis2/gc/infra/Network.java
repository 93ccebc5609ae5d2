package wis2.gc.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.NatGatewayProps;
import software.amazon.awscdk.services.ec2.NatProvider;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The VPC: private subnets for the Lambdas, Redis and the tasks, whose traffic to WIS2 nodes and
 * Global Brokers leaves through NAT gateways on Elastic IPs (created, or the operator's own
 * allocations). WIS2 nodes allow-list those addresses, so they are stack outputs. AWS traffic
 * stays inside: an S3 gateway endpoint (free; every cached byte would otherwise cross NAT a
 * second time on its way into S3) and, where configured, interface endpoints for the other
 * services the programs call. An existing VPC can be imported by ids instead (no lookup, so
 * synth stays offline).
 */
final class Network extends Construct {

    /** The AWS services the manager, the metrics Lambda and the tasks call, besides S3. */
    static final List<InterfaceVpcEndpointAwsService> INTERFACE_SERVICES = List.of(
            InterfaceVpcEndpointAwsService.SQS,
            InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
            InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
            InterfaceVpcEndpointAwsService.ECR,
            InterfaceVpcEndpointAwsService.ECR_DOCKER,
            InterfaceVpcEndpointAwsService.STS);

    private final IVpc vpc;
    private final String cidr;

    Network(Construct scope, String id, GcConfig.Vpc settings, List<String> natEipAllocationIds) {
        super(scope, id);
        if (settings.create() != null) {
            var create = settings.create();
            var vpc = Vpc.Builder.create(this, "Vpc")
                    .ipAddresses(IpAddresses.cidr(create.cidr()))
                    .availabilityZones(create.availabilityZones())
                    .natGateways(create.natGateways())
                    // the operator's own addresses survive a new VPC or stack; allow-lists stay valid
                    .natGatewayProvider(NatProvider.gateway(NatGatewayProps.builder()
                            .eipAllocationIds(natEipAllocationIds.isEmpty() ? null : natEipAllocationIds).build()))
                    // no custom resource Lambda just to empty the default security group
                    .restrictDefaultSecurityGroup(false)
                    .subnetConfiguration(List.of(
                            SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24)
                            .build(),
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
                            .description("Egress address of the cache (NAT gateway " + n
                            + "): WIS2 nodes allow-list it")
                            .value(eip.getAttrPublicIp())
                            .build();
                }
            }
            for (int i = 0; i < natEipAllocationIds.size(); i++) {
                CfnOutput.Builder.create(this, "EgressIpAllocation" + (i + 1))
                        .description("Elastic IP allocation of NAT gateway " + (i + 1) + " (from the configuration):"
                                + " its address is the one WIS2 nodes allow-list")
                        .value(natEipAllocationIds.get(i)).build();
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
                    .privateSubnetRouteTableIds(imported.privateRouteTableIds().isEmpty()
                            ? null : imported.privateRouteTableIds())
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
        boolean s3Routes = settings.create() != null || !settings.imported().privateRouteTableIds().isEmpty();
        if (s3Routes) {
            vpc.addGatewayEndpoint("S3Endpoint", GatewayVpcEndpointOptions.builder()
                    .service(GatewayVpcEndpointAwsService.S3)
                    .subnets(List.of(privateSubnets()))
                    .build());
        }
        if (settings.interfaceEndpoints()) {
            var endpoints = SecurityGroup.Builder.create(this, "EndpointsSecurityGroup")
                    .vpc(vpc)
                    .description("Interface endpoints of AWS services: HTTPS from inside the VPC")
                    .allowAllOutbound(false)
                    .build();
            endpoints.addIngressRule(Peer.ipv4(cidr), Port.tcp(443), "HTTPS to AWS APIs from the VPC");
            for (var service : INTERFACE_SERVICES) {
                vpc.addInterfaceEndpoint(endpointId(service), InterfaceVpcEndpointOptions.builder()
                        .service(service)
                        .subnets(privateSubnets())
                        // the SDKs keep their usual host names, which resolve to the endpoint inside the VPC
                        .privateDnsEnabled(true)
                        .securityGroups(List.of(endpoints))
                        .open(false)
                        .build());
            }
        }
    }

    /** A construct id from the service's short name ({@code ecr.dkr} -> {@code EcrDkrEndpoint}), the same in every
     * region. */
    static String endpointId(InterfaceVpcEndpointAwsService service) {
        String name = service.getShortName().replaceAll("[^A-Za-z0-9]", " ");
        var id = new StringBuilder();
        for (String part : name.split(" +")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id + "Endpoint";
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
