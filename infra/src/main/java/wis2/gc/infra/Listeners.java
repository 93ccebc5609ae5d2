package wis2.gc.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * One Fargate service per configured Global Broker, each running the listener (client-service)
 * with that broker's URL injected from Secrets Manager. A listener may send to the work queue and
 * do nothing else in AWS; it reports notifications too large for the queue with a monitoring
 * event on the cache's own broker, as the publisher.
 *
 * <p>Deployments never run two tasks of one broker at once ({@link #MAX_PERCENT} 100,
 * {@link #MIN_HEALTHY_PERCENT} 0): both would use the client id {@code {centre}-{broker}} and take
 * the session from each other. The container health check asks {@code /live}, which stays up
 * while the Global Broker is unreachable, so a broker that is down neither gets the task
 * replaced in a loop nor trips the deployment circuit breaker (which still rolls back an image
 * or configuration that crashes). Whether a feed works is the business of the two alarms per
 * broker, read from the Embedded Metric Format lines the listener writes.
 *
 * <p>With a Global Replay service configured, each listener also backfills gaps in its feed: it
 * then reaches Redis (its feed mark, window locks), whose AUTH token is an ECS secret too.
 */
final class Listeners extends Construct {

    /** The listener answers {@code GET /health} and {@code /live} on this port inside its task. */
    static final int HEALTH_PORT = 8080;
    /** The namespace of the listener's Embedded Metric Format lines (client-service EmfReporter). */
    static final String METRICS_NAMESPACE = "GlobalCache/Listener";
    static final int MAX_PERCENT = 100;
    static final int MIN_HEALTHY_PERCENT = 0;
    /** How long a listener may flush to SQS on SIGTERM ({@code GC_STOP_TIMEOUT_SECONDS}). */
    static final int FLUSH_SECONDS = 20;
    /**
     * ECS sends SIGKILL this long after SIGTERM: the flush, plus the disconnect (5 s), the end of
     * a connection attempt under way (10 s) and the senders' exit, with room to spare.
     */
    static final int STOP_TIMEOUT_SECONDS = 45;
    /** "Nothing forwarded" alarm: a Global Broker relays many messages a minute, all day. */
    static final int NOT_FORWARDING_MINUTES = 15;
    /** "Not connected" alarm. */
    static final int NOT_CONNECTED_MINUTES = 5;

    private final List<FargateService> services = new ArrayList<>();
    private final List<Alarm> alarms = new ArrayList<>();
    private final SecurityGroup securityGroup;

    /** Where the backfill keeps its state: the cache's Redis, and the secret of its AUTH token. */
    record ReplayWiring(GcConfig.GlobalReplay replay, String redisUrl, ISecret redisToken) {}

    /**
     * What the listeners are wired to, named (the CDK's props style) so that no two values can be swapped.
     */
    record Props(Network network, Cluster cluster, Path imageDir, GcConfig.TaskSize size, String centreId,
            List<GcConfig.GlobalBroker> brokers, WorkQueue workQueue, Broker cacheBroker, ReplayWiring replay) {

        Props {
            Manager.Props.required(network, "Listeners.Props.network");
            Manager.Props.required(cluster, "Listeners.Props.cluster");
            Manager.Props.required(imageDir, "Listeners.Props.imageDir");
            Manager.Props.required(size, "Listeners.Props.size");
            Manager.Props.required(centreId, "Listeners.Props.centreId");
            Manager.Props.required(brokers, "Listeners.Props.brokers");
            Manager.Props.required(workQueue, "Listeners.Props.workQueue");
            Manager.Props.required(cacheBroker, "Listeners.Props.cacheBroker");
        }

        static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}; every value is required but {@code replay}. */
        static final class Builder {
            private Network network;
            private Cluster cluster;
            private Path imageDir;
            private GcConfig.TaskSize size;
            private String centreId;
            private List<GcConfig.GlobalBroker> brokers;
            private WorkQueue workQueue;
            private Broker cacheBroker;
            private ReplayWiring replay;

            private Builder() {
            }

            /** The VPC and its private subnets. */
            Builder network(Network value) {
                network = value;
                return this;
            }

            /** The ECS cluster the services run in. */
            Builder cluster(Cluster value) {
                cluster = value;
                return this;
            }

            /** The listener image's build directory. */
            Builder imageDir(Path value) {
                imageDir = value;
                return this;
            }

            /** Every task's size. */
            Builder size(GcConfig.TaskSize value) {
                size = value;
                return this;
            }

            /** {@code GC_CENTRE_ID}. */
            Builder centreId(String value) {
                centreId = value;
                return this;
            }

            /** One service per Global Broker. */
            Builder brokers(List<GcConfig.GlobalBroker> value) {
                brokers = value;
                return this;
            }

            /** The queue the listeners send to. */
            Builder workQueue(WorkQueue value) {
                workQueue = value;
                return this;
            }

            /** The cache's own broker, for the too-large reports. */
            Builder cacheBroker(Broker value) {
                cacheBroker = value;
                return this;
            }

            /** The backfill's wiring, or null (the default) when no Global Replay service is configured. */
            Builder replay(ReplayWiring value) {
                replay = value;
                return this;
            }

            Props build() {
                return new Props(network, cluster, imageDir, size, centreId, brokers, workQueue, cacheBroker, replay);
            }
        }
    }

    Listeners(Construct scope, String id, Props props) {
        super(scope, id);
        Network network = props.network();
        Cluster cluster = props.cluster();
        Path imageDir = props.imageDir();
        GcConfig.TaskSize size = props.size();
        String centreId = props.centreId();
        List<GcConfig.GlobalBroker> brokers = props.brokers();
        WorkQueue workQueue = props.workQueue();
        Broker cacheBroker = props.cacheBroker();
        ReplayWiring replay = props.replay();
        if (STOP_TIMEOUT_SECONDS < FLUSH_SECONDS + 20 || STOP_TIMEOUT_SECONDS > 120) {
            throw new IllegalStateException("the listener's stop timeout (" + STOP_TIMEOUT_SECONDS
                    + " s) must leave 20 s"
                    + " beyond its flush (" + FLUSH_SECONDS + " s) and stay within Fargate's 120 s");
        }
        var queue = workQueue.queue();

        // one image for every broker's service
        var image = DockerImageAsset.Builder.create(this, "Image").directory(imageDir.toString()).build();
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("Listeners: outbound to the Global Brokers and SQS, no inbound")
                .allowAllOutbound(true)
                .build();
        var logs = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build();
        for (GcConfig.GlobalBroker broker : brokers) {
            var urlSecret = software.amazon.awscdk.services.secretsmanager.Secret.fromSecretNameV2(
                    this, "Url-" + broker.name(), broker.urlSecretName());
            var task = FargateTaskDefinition.Builder.create(this, "Task-" + broker.name())
                    .cpu(size.cpu())
                    .memoryLimitMiB(size.memoryMb())
                    .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.X86_64)
                            .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                    .build();
            var environment = new LinkedHashMap<String, String>();
            environment.put("GC_CENTRE_ID", centreId);
            environment.put("GC_BROKER_NAME", broker.name());
            environment.put("GC_QUEUE_URL", queue.getQueueUrl());
            environment.put("GC_HTTP_PORT", Integer.toString(HEALTH_PORT));
            environment.put("GC_QUEUE_MAX_MESSAGE_BYTES", Integer.toString(workQueue.maxMessageBytes()));
            environment.put("GC_STOP_TIMEOUT_SECONDS", Integer.toString(FLUSH_SECONDS));
            // mqtts://<broker domain>:8883 as the publisher, whose password is an ECS secret
            environment.put("GC_MONITOR_BROKER_URL", cacheBroker.url());
            environment.put("GC_MONITOR_BROKER_USER", Broker.PUBLISHER_USER);
            if (broker.subscriptions() != null) {
                environment.put("GC_SUBSCRIPTIONS", broker.subscriptions());
            }
            var secrets = new LinkedHashMap<String, Secret>();
            secrets.put("GC_BROKER_URL", Secret.fromSecretsManager(urlSecret));
            secrets.put("GC_MONITOR_BROKER_PASSWORD", Secret.fromSecretsManager(cacheBroker.publisherPassword()));
            if (replay != null) { // the backfill: options left out take the listener's defaults
                environment.put("GC_GLOBAL_REPLAY_URL", replay.replay().url());
                environment.put("GC_REDIS_URL", replay.redisUrl());
                if (replay.replay().marginMinutes() != null) {
                    environment.put("GC_REPLAY_MARGIN_MINUTES", replay.replay().marginMinutes().toString());
                }
                if (replay.replay().thresholdMinutes() != null) {
                    environment.put("GC_REPLAY_THRESHOLD_MINUTES", replay.replay().thresholdMinutes().toString());
                }
                if (replay.replay().maxGapHours() != null) {
                    environment.put("GC_REPLAY_MAX_GAP_HOURS", replay.replay().maxGapHours().toString());
                }
                secrets.put("GC_REDIS_TOKEN", Secret.fromSecretsManager(replay.redisToken(), "token"));
            }
            task.addContainer("Listener", ContainerDefinitionOptions.builder()
                    .image(ContainerImage.fromDockerImageAsset(image))
                    .essential(true)
                    .environment(environment)
                    .secrets(secrets)
                    .stopTimeout(Duration.seconds(STOP_TIMEOUT_SECONDS))
                    .healthCheck(HealthCheck.builder()
                            // the image has no curl: the listener jar asks its own /live and exits 0 or 1
                            .command(List.of("CMD", "java", "-XX:TieredStopAtLevel=1", "-jar",
                                    "/app/client-service.jar",
                                    "health", "live"))
                            .interval(Duration.seconds(30))
                            .timeout(Duration.seconds(5))
                            .retries(3)
                            .startPeriod(Duration.seconds(60))
                            .build())
                    .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                            .streamPrefix("listener-" + broker.name()).logGroup(logs).build()))
                    .build());
            queue.grantSendMessages(task.getTaskRole());
            Nag.suppress(task, "AwsSolutions-ECS2", "Only non-secret settings are environment variables; the broker"
                    + " URL, which carries credentials, is an ECS secret.");
            Nag.suppress(task.obtainExecutionRole(), "AwsSolutions-IAM5", "ecr:GetAuthorizationToken has no"
                    + " resource level permissions; the other statements name the repository, log group and secret.",
                    "Resource::*");
            services.add(FargateService.Builder.create(this, "Service-" + broker.name())
                    .cluster(cluster)
                    .taskDefinition(task)
                    // one subscriber per broker, and never two at once: they would share the client id and
                    // take the session from each other; a deployment stops the old task, then starts the
                    // new one (the broker keeps the session meanwhile)
                    .desiredCount(1)
                    .minHealthyPercent(MIN_HEALTHY_PERCENT)
                    .maxHealthyPercent(MAX_PERCENT)
                    .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                    .vpcSubnets(network.privateSubnets())
                    .securityGroups(List.of(securityGroup))
                    .assignPublicIp(false)
                    .build());
            alarms.add(Alarm.Builder.create(this, "NotForwarding-" + broker.name())
                    .alarmDescription("The listener of Global Broker " + broker.name() + " has forwarded nothing to the"
                            + " work queue for " + NOT_FORWARDING_MINUTES
                            + " minutes (or wrote no metrics): the feed is"
                            + " dead. See docs/operations.md, 'Alarms and what to do'.")
                    .metric(feedMetric(broker.name(), "Forwarded", "Sum"))
                    .threshold(1)
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .evaluationPeriods(NOT_FORWARDING_MINUTES)
                    .datapointsToAlarm(NOT_FORWARDING_MINUTES)
                    .treatMissingData(TreatMissingData.BREACHING)
                    .build());
            alarms.add(Alarm.Builder.create(this, "NotConnected-" + broker.name())
                    .alarmDescription("The listener of Global Broker " + broker.name() + " has not been connected for "
                            + NOT_CONNECTED_MINUTES + " minutes (or wrote no metrics). See docs/operations.md,"
                            + " 'Alarms and what to do'.")
                    .metric(feedMetric(broker.name(), "Connected", "Maximum"))
                    .threshold(1)
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .evaluationPeriods(NOT_CONNECTED_MINUTES)
                    .datapointsToAlarm(NOT_CONNECTED_MINUTES)
                    .treatMissingData(TreatMissingData.BREACHING)
                    .build());
        }
    }

    /** One of the listener's per-broker metrics, by the minute. */
    private static Metric feedMetric(String broker, String name, String statistic) {
        return Metric.Builder.create()
                .namespace(METRICS_NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of("Broker", broker))
                .statistic(statistic)
                .period(Duration.minutes(1))
                .build();
    }

    List<FargateService> services() {
        return List.copyOf(services);
    }

    /** Per Global Broker: nothing forwarded, not connected. */
    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    /** The listeners' security group (Redis lets it in when they backfill). */
    SecurityGroup securityGroup() {
        return securityGroup;
    }
}
