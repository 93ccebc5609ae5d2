package wis2.gc.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.constructs.Construct;

/**
 * The cache's own broker: EMQX 5 on Fargate, two tasks that find each other through a Cloud Map
 * A record and cluster, behind a Network Load Balancer (with its own security group) that
 * terminates TLS on 8883 (MQTT) and 443 (MQTT over WebSocket) and checks each task over HTTP on
 * EMQX's {@code /status}. The plain listeners admit only the load balancer and the cache's own
 * publisher, which reaches them over the VPC by the Cloud Map name (no NAT, no public hop).
 * Passwords and the Erlang cookie are generated into Secrets Manager and reach the container as
 * ECS secrets. EMQX's own figures reach CloudWatch as Embedded Metric Format log lines.
 */
final class Broker extends Construct {

    static final String PUBLISHER_USER = "gc-publisher";
    static final int MQTT_PORT = 1883;
    static final int WS_PORT = 8083;
    /** EMQX's dashboard listener, for {@code GET /status} (the health check) and the Prometheus page. */
    static final int STATUS_PORT = 18083;
    static final String STATUS_PATH = "/status";
    /** CloudWatch namespace of the EMQX figures (emqx-config/gc-metrics.sh). */
    static final String METRICS_NAMESPACE = "WIS2GlobalCache/Broker";
    /** Erlang distribution and EMQX's gen_rpc: the two tasks talk to each other on these. */
    static final List<Integer> CLUSTER_PORTS = List.of(4370, 5369);
    static final int TASKS = 2;

    private final ISecret publisherPassword;
    private final FargateService service;
    private final NetworkLoadBalancer loadBalancer;
    private final SecurityGroup securityGroup;
    private final SecurityGroup loadBalancerGroup;
    private final String url;
    private final String privateUrl;
    private final String metricsId;
    private final List<NetworkTargetGroup> targetGroups = new ArrayList<>();
    private final List<Alarm> alarms = new ArrayList<>();

    /**
     * What the broker is wired to, named (the CDK's props style) so that no two values can be swapped.
     */
    record Props(Network network, Cluster cluster, Path imageDir, GcConfig.TaskSize size, String domain,
            String certificateArn, IHostedZone zone, String prefix) {

        Props {
            Manager.Props.required(network, "Broker.Props.network");
            Manager.Props.required(cluster, "Broker.Props.cluster");
            Manager.Props.required(imageDir, "Broker.Props.imageDir");
            Manager.Props.required(size, "Broker.Props.size");
            Manager.Props.required(domain, "Broker.Props.domain");
            Manager.Props.required(certificateArn, "Broker.Props.certificateArn");
            Manager.Props.required(zone, "Broker.Props.zone");
            Manager.Props.required(prefix, "Broker.Props.prefix");
        }

        static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}; every value is required. */
        static final class Builder {
            private Network network;
            private Cluster cluster;
            private Path imageDir;
            private GcConfig.TaskSize size;
            private String domain;
            private String certificateArn;
            private IHostedZone zone;
            private String prefix;

            private Builder() {
            }

            /** The VPC and its subnets. */
            Builder network(Network value) {
                network = value;
                return this;
            }

            /** The ECS cluster the EMQX service runs in. */
            Builder cluster(Cluster value) {
                cluster = value;
                return this;
            }

            /** The EMQX image's build directory. */
            Builder imageDir(Path value) {
                imageDir = value;
                return this;
            }

            /** The EMQX task size. */
            Builder size(GcConfig.TaskSize value) {
                size = value;
                return this;
            }

            /** The broker's public domain name. */
            Builder domain(String value) {
                domain = value;
                return this;
            }

            /** Its certificate, in the stack's region. */
            Builder certificateArn(String value) {
                certificateArn = value;
                return this;
            }

            /** The zone the domain's record goes in. */
            Builder zone(IHostedZone value) {
                zone = value;
                return this;
            }

            /** Names the broker's secrets ({@code prefix/broker/...}). */
            Builder prefix(String value) {
                prefix = value;
                return this;
            }

            Props build() {
                return new Props(network, cluster, imageDir, size, domain, certificateArn, zone, prefix);
            }
        }
    }

    Broker(Construct scope, String id, Props props) {
        super(scope, id);
        Network network = props.network();
        Cluster cluster = props.cluster();
        Path imageDir = props.imageDir();
        GcConfig.TaskSize size = props.size();
        String domain = props.domain();
        String certificateArn = props.certificateArn();
        IHostedZone zone = props.zone();
        String prefix = props.prefix();
        publisherPassword = generated("PublisherPassword", prefix + "/broker/gc-publisher-password",
                "MQTT password of the cache's publisher account " + PUBLISHER_USER, 32);
        var cookie = generated("ErlangCookie", prefix + "/broker/erlang-cookie",
                "Erlang cookie shared by the EMQX nodes of the cluster", 64);
        var dashboard = generated("DashboardPassword", prefix + "/broker/dashboard-admin-password",
                "EMQX dashboard password of 'admin' (dashboard reachable only through ECS Exec port forwarding)", 32);

        var namespace = PrivateDnsNamespace.Builder.create(this, "Namespace")
                .name(prefix + ".internal")
                .vpc(network.vpc())
                .description("EMQX node discovery of the Global Cache")
                .build();
        String discoveryName = "emqx." + namespace.getNamespaceName();
        metricsId = prefix;

        var task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(size.cpu())
                .memoryLimitMiB(size.memoryMb())
                // built on the operator's machine: x86_64 needs no cross-building
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        task.addContainer("Emqx", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromAsset(imageDir.toString()))
                .essential(true)
                // sorted: ECS keeps these as lists, and Map.of's order changes from one JVM to the next,
                // which would make every `cdk diff` show a changed task definition
                .environment(new TreeMap<>(Map.of(
                        "EMQX_CLUSTER__DISCOVERY_STRATEGY", "dns",
                        "EMQX_CLUSTER__DNS__NAME", discoveryName,
                        "EMQX_CLUSTER__DNS__RECORD_TYPE", "a",
                        "GC_METRICS_NAMESPACE", METRICS_NAMESPACE,
                        "GC_BROKER_ID", metricsId)))
                .secrets(new TreeMap<>(Map.of(
                        "GC_PUBLISHER_PASSWORD", Secret.fromSecretsManager(publisherPassword),
                        "EMQX_NODE__COOKIE", Secret.fromSecretsManager(cookie),
                        "EMQX_DASHBOARD__DEFAULT_PASSWORD", Secret.fromSecretsManager(dashboard))))
                .portMappings(List.of(
                        PortMapping.builder().containerPort(MQTT_PORT).build(),
                        PortMapping.builder().containerPort(WS_PORT).build(),
                        PortMapping.builder().containerPort(STATUS_PORT).build()))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD", "/opt/emqx/bin/emqx", "ctl", "status"))
                        .interval(Duration.seconds(30))
                        .timeout(Duration.seconds(10))
                        .retries(3)
                        .startPeriod(Duration.seconds(60))
                        .build())
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .streamPrefix("emqx")
                        .logGroup(LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build())
                        .build()))
                .build());

        Nag.suppress(task, "AwsSolutions-ECS2", "Only non-secret cluster discovery settings are environment"
                + " variables; the passwords and the Erlang cookie are ECS secrets.");
        Nag.suppress(task.obtainExecutionRole(), "AwsSolutions-IAM5", "ecr:GetAuthorizationToken has no resource"
                + " level permissions; every other statement names the image repository, log group and secrets.",
                "Resource::*");
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description(
                "EMQX tasks: MQTT from the load balancer and the cache publisher, clustering between the tasks")
                .allowAllOutbound(true)
                .build();
        loadBalancerGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
                .vpc(network.vpc())
                .description("Broker load balancer: MQTT over TLS from anywhere, to the EMQX tasks only")
                .allowAllOutbound(false)
                .build();
        for (int port : List.of(8883, 443)) {
            loadBalancerGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(port), "MQTT over TLS from WIS2 subscribers");
        }
        Nag.suppress(loadBalancerGroup, "AwsSolutions-EC23", "The broker is public by WIS2 design (Global Brokers and"
                + " anyone with the everyone account subscribe); only the two TLS ports are open.");
        for (int port : List.of(MQTT_PORT, WS_PORT, STATUS_PORT)) {
            String what = port == STATUS_PORT ? "health check on /status" : "MQTT";
            securityGroup.addIngressRule(loadBalancerGroup, Port.tcp(port), what + " from the load balancer");
            loadBalancerGroup.addEgressRule(securityGroup, Port.tcp(port), what + " to the EMQX tasks");
        }
        for (int port : CLUSTER_PORTS) {
            securityGroup.addIngressRule(securityGroup, Port.tcp(port), "EMQX clustering between the tasks");
        }

        service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(TASKS)
                // replace one node at a time so the cluster (and the user table) survives deployments
                .minHealthyPercent(50)
                .maxHealthyPercent(150)
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .vpcSubnets(network.privateSubnets())
                .securityGroups(List.of(securityGroup))
                .assignPublicIp(false)
                .enableExecuteCommand(true)
                .cloudMapOptions(CloudMapOptions.builder()
                        .cloudMapNamespace(namespace)
                        .name("emqx")
                        .dnsRecordType(DnsRecordType.A)
                        .dnsTtl(Duration.seconds(10))
                        .build())
                .build();

        loadBalancer = NetworkLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(network.vpc())
                .internetFacing(true)
                .vpcSubnets(network.publicSubnets())
                .crossZoneEnabled(true)
                .securityGroups(List.of(loadBalancerGroup))
                .build();
        Nag.suppress(task.getTaskRole(), "AwsSolutions-IAM5", "ECS Exec (the only way to the dashboard):"
                + " ssmmessages channel actions have no resource level permissions.", "Resource::*");
        Nag.suppressMatching(task.getTaskRole(), "AwsSolutions-IAM5", "ECS Exec writes its session records to"
                + " the streams of the cluster's exec log group only.",
                "/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):logs:.*:log-group:<ExecLogs[0-9A-F]+>:\\*$/");
        Nag.suppress(loadBalancer, "AwsSolutions-ELB2", "TLS connections are logged by EMQX itself; NLB access"
                + " logs would need another bucket and add cost without more insight.");
        var certificate = ListenerCertificate.fromArn(certificateArn);
        addTlsListener("Mqtts", 8883, MQTT_PORT, certificate);
        addTlsListener("Wss", 443, WS_PORT, certificate);

        ARecord.Builder.create(this, "Alias").zone(zone).recordName(domain)
                .target(RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer))).build();
        url = "mqtts://" + domain + ":8883";
        CfnOutput.Builder.create(this, "Url").value(url)
                .description("Where subscribers connect (register it with the WIS2 Global Monitor)").build();
        privateUrl = "mqtt://" + discoveryName + ":" + MQTT_PORT;
        addAlarms();
    }

    private void addAlarms() {
        for (NetworkTargetGroup group : targetGroups) {
            String name = group.getNode().getId().replace("TargetsGroup", "");
            alarms.add(Alarm.Builder.create(this, name + "UnhealthyTargets")
                    .alarmDescription("An EMQX task fails the load balancer's " + STATUS_PATH + " check on the " + name
                            + " listener: its subscribers are cut off. See the broker service's events and the emqx "
                            + "log stream.")
                    .metric(group.getMetrics().unHealthyHostCount(MetricOptions.builder()
                            .statistic("Maximum").period(Duration.minutes(1)).build()))
                    .threshold(0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(5).datapointsToAlarm(3)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
        }
        alarms.add(Alarm.Builder.create(this, "SessionQueueOverflow")
                .alarmDescription("EMQX dropped messages because a subscriber's session queue (mqtt.max_mqueue_len) was"
                        + " full: a Global Broker stayed away or read too slowly and lost notifications.")
                .metric(metric("delivery_dropped_queue_full", "Sum"))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
        alarms.add(Alarm.Builder.create(this, "MemoryHigh")
                .alarmDescription("The EMQX tasks use over 80 % of their memory (session queues of absent subscribers):"
                        + " raise broker.memoryMb before a task is killed and its sessions are lost.")
                .metric(service.metricMemoryUtilization(MetricOptions.builder()
                        .statistic("Maximum").period(Duration.minutes(1)).build()))
                .threshold(80)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(5).datapointsToAlarm(3)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    /** One of the EMQX figures gc-metrics.sh sends (the cluster's total with statistic Sum). */
    Metric metric(String name, String statistic) {
        return Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName(name)
                .dimensionsMap(Map.of("Broker", metricsId)).statistic(statistic).period(Duration.minutes(1)).build();
    }

    /** Lets the cache's publisher (the manager) reach the plain MQTT listener over the VPC. */
    void allowPublisher(ISecurityGroup publisher) {
        securityGroup.addIngressRule(publisher, Port.tcp(MQTT_PORT), "MQTT from the cache's publisher");
    }

    private void addTlsListener(String id, int port, int containerPort, ListenerCertificate certificate) {
        var listener = loadBalancer.addListener(id, BaseNetworkListenerProps.builder()
                .port(port)
                .protocol(Protocol.TLS)
                .certificates(List.of(certificate))
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .build());
        targetGroups.add(listener.addTargets(id + "Targets", AddNetworkTargetsProps.builder()
                .port(containerPort)
                .protocol(Protocol.TCP)
                .targets(List.of(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                        .containerName("Emqx").containerPort(containerPort).build())))
                // an open port is not a working broker: EMQX answers 200 on /status only when it runs
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .protocol(Protocol.HTTP).port(Integer.toString(STATUS_PORT)).path(STATUS_PATH)
                        .healthyHttpCodes("200").interval(Duration.seconds(10))
                        .healthyThresholdCount(3).unhealthyThresholdCount(3).build())
                .deregistrationDelay(Duration.seconds(30))
                .build()));
    }

    private ISecret generated(String id, String name, String description, int length) {
        var secret = software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, id)
                .secretName(name)
                .description(description)
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(length)
                        // the entrypoint writes passwords into EMQX's CSV bootstrap file: no commas or quotes
                        .excludePunctuation(true)
                        .build())
                .build();
        Nag.suppress(secret, "AwsSolutions-SMG4", "Read by EMQX only at task start: rotated by the operator with a"
                + " rolling restart (docs/operations.md), which a rotation Lambda could not do.");
        return secret;
    }

    ISecret publisherPassword() {
        return publisherPassword;
    }

    FargateService service() {
        return service;
    }

    NetworkLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    /** The public URL subscribers use: {@code mqtts://<broker domain>:8883}. */
    String url() {
        return url;
    }

    /**
     * GC_BROKER_URL of the manager: the plain listener by the Cloud Map name, inside the VPC. The
     * traffic never leaves the VPC and only the manager's security group may open it; TLS would
     * need a certificate for the private Cloud Map name, which no public ACM certificate can name.
     */
    String privateUrl() {
        return privateUrl;
    }

    SecurityGroup securityGroup() {
        return securityGroup;
    }

    SecurityGroup loadBalancerSecurityGroup() {
        return loadBalancerGroup;
    }

    /** Unhealthy targets per listener, queue overflow, memory. */
    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
