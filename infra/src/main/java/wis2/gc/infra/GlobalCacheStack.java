package wis2.gc.infra;

import java.util.List;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.ExecuteCommandConfiguration;
import software.amazon.awscdk.services.ecs.ExecuteCommandLogConfiguration;
import software.amazon.awscdk.services.ecs.ExecuteCommandLogging;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.constructs.Construct;

/**
 * One Global Cache environment. The stack only composes the constructs, one per concern, and
 * hands each the typed values it needs.
 */
public final class GlobalCacheStack extends Stack {

    final Network network;
    final WorkQueue queue;
    final CacheState cacheState;
    final ObjectStore objectStore;
    final Broker broker;
    final Listeners listeners;
    final Manager manager;
    final MetricsApi metrics;
    final Observability observability;
    private final List<String> zones;

    public GlobalCacheStack(Construct scope, String id, GcConfig config, AssetPaths assets) {
        super(scope, id, StackProps.builder()
                .env(Environment.builder().account(config.account()).region(config.region()).build())
                .description("WIS2 Global Cache " + config.centreId())
                // a mistaken `cdk destroy` or console delete must not take a live cache with it
                .terminationProtection(config.terminationProtection())
                .build());
        var vpc = config.vpc();
        this.zones = vpc.create() != null ? vpc.create().availabilityZones() : vpc.imported().availabilityZones();
        // secrets and the Cloud Map namespace are named after the stack: gc-<env>/..., gc-<env>.internal
        String prefix = id;
        var zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId(config.hostedZone().id()).zoneName(config.hostedZone().name()).build());

        var existing = config.existing();
        network = new Network(this, "Network", config.vpc(), existing.natEipAllocationIds());
        queue = new WorkQueue(this, "WorkQueue", config.manager().timeoutSeconds(),
                config.queue().maxReceiveCount());
        cacheState = new CacheState(this, "CacheState", network.vpc(), network.privateSubnets(),
                config.redis().nodeType(), prefix);
        objectStore = new ObjectStore(this, "ObjectStore", ObjectStore.Props.builder()
                .retentionDays(config.retentionDays())
                .existingBucketName(existing.bucketName())
                .domain(config.domains().download())
                .certificateArn(config.certificates().cloudFrontArn())
                .zone(zone)
                .build());

        var cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(network.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                // ECS Exec sessions (the way to the EMQX dashboard) are recorded in one log group
                .executeCommandConfiguration(ExecuteCommandConfiguration.builder()
                        .logging(ExecuteCommandLogging.OVERRIDE)
                        .logConfiguration(ExecuteCommandLogConfiguration.builder()
                                .cloudWatchLogGroup(LogGroup.Builder.create(this, "ExecLogs")
                                        .retention(RetentionDays.ONE_YEAR).build())
                                .build())
                        .build())
                .build();
        broker = new Broker(this, "Broker", Broker.Props.builder()
                .network(network)
                .cluster(cluster)
                .imageDir(assets.brokerImageDir())
                .size(config.broker())
                .domain(config.domains().broker())
                .certificateArn(config.certificates().regionalArn())
                .zone(zone)
                .prefix(prefix)
                .build());
        listeners = new Listeners(this, "Listeners", Listeners.Props.builder()
                .network(network)
                .cluster(cluster)
                .imageDir(assets.listenerImageDir())
                .size(config.listener())
                .centreId(config.centreId())
                .brokers(config.globalBrokers())
                .workQueue(queue)
                .cacheBroker(broker)
                .replay(config.globalReplay() == null ? null
                        : new Listeners.ReplayWiring(config.globalReplay(), cacheState.url(), cacheState.authToken()))
                .build());
        manager = new Manager(this, "Manager", Manager.Props.builder()
                .network(network)
                .jar(assets.managerJar())
                .settings(config.manager())
                .centreId(config.centreId())
                .bucket(objectStore.bucket())
                .publicBaseUrl(objectStore.publicBaseUrl())
                .redisUrl(cacheState.url())
                .redisToken(cacheState.authToken())
                .brokerUrl(broker.privateUrl())
                .brokerUser(Broker.PUBLISHER_USER)
                .brokerPassword(broker.publisherPassword())
                .maxObjectBytes(config.maxObjectBytes())
                .topicBlocklist(config.topicBlocklist())
                .retentionHours(config.retentionHours())
                .queue(queue.queue())
                .existingRoleArn(existing.managerRoleArn())
                .build());
        broker.allowPublisher(manager.securityGroup());
        metrics = new MetricsApi(this, "Metrics", MetricsApi.Props.builder()
                .network(network)
                .jar(assets.metricsJar())
                .settings(config.metrics())
                .centreId(config.centreId())
                .redisUrl(cacheState.url())
                .redisToken(cacheState.authToken())
                .domain(config.domains().metrics())
                .certificateArn(config.certificates().regionalArn())
                .zone(zone)
                .accountHasCloudWatchRole(existing.apiGatewayCloudWatchRole())
                .build());
        cacheState.allowFrom(manager.securityGroup(), metrics.securityGroup());
        if (config.globalReplay() != null) {
            cacheState.allowFrom(listeners.securityGroup()); // feed marks and window locks
        }
        observability = new Observability(this, "Observability", config.centreId(), queue, manager, metrics, broker,
                listeners, cacheState, config.alarmEmail());
    }

    /** The configured zones: without this override the CDK would look them up in the account. */
    @Override
    public List<String> getAvailabilityZones() {
        return zones;
    }
}
