package wis2.gc.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
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
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * One Fargate service per configured Global Broker, each running the listener (client-service)
 * with that broker's URL injected from Secrets Manager. A listener may send to the work queue and
 * do nothing else in AWS. With a Global Replay service configured, each listener also backfills
 * gaps in its feed: it then reaches Redis (its feed mark, window locks), whose AUTH token is an
 * ECS secret too.
 */
final class Listeners extends Construct {

    /** The listener answers {@code GET /health} on this port inside its task. */
    static final int HEALTH_PORT = 8080;

    private final List<FargateService> services = new ArrayList<>();
    private final SecurityGroup securityGroup;

    /** Where the backfill keeps its state: the cache's Redis, and the secret of its AUTH token. */
    record ReplayWiring(GcConfig.GlobalReplay replay, String redisUrl, ISecret redisToken) {}

    Listeners(Construct scope, String id, Network network, Cluster cluster, Path imageDir, GcConfig.TaskSize size,
            String centreId, List<GcConfig.GlobalBroker> brokers, IQueue queue) {
        this(scope, id, network, cluster, imageDir, size, centreId, brokers, queue, null);
    }

    Listeners(Construct scope, String id, Network network, Cluster cluster, Path imageDir, GcConfig.TaskSize size,
            String centreId, List<GcConfig.GlobalBroker> brokers, IQueue queue, ReplayWiring replay) {
        super(scope, id);
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
            if (broker.subscriptions() != null) {
                environment.put("GC_SUBSCRIPTIONS", broker.subscriptions());
            }
            var secrets = new LinkedHashMap<String, Secret>();
            secrets.put("GC_BROKER_URL", Secret.fromSecretsManager(urlSecret));
            if (replay != null) { // backfill (issue 14): options left out take the listener's defaults
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
                    .healthCheck(HealthCheck.builder()
                            // the image has no curl: the listener jar asks its own /health and exits 0 or 1
                            .command(List.of("CMD", "java", "-XX:TieredStopAtLevel=1", "-jar", "/app/client-service.jar", "health"))
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
                    // one subscriber per broker: two would double the traffic for nothing (SQS dedups anyway);
                    // a deployment starts the new task before stopping the old one
                    .desiredCount(1)
                    .minHealthyPercent(100)
                    .maxHealthyPercent(200)
                    .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                    .vpcSubnets(network.privateSubnets())
                    .securityGroups(List.of(securityGroup))
                    .assignPublicIp(false)
                    .build());
        }
    }

    List<FargateService> services() {
        return List.copyOf(services);
    }

    /** The listeners' security group (Redis lets it in when they backfill). */
    SecurityGroup securityGroup() {
        return securityGroup;
    }
}
