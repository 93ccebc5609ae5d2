package wis2.gc.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The manager: a Java 21 arm64 Lambda with SnapStart, in the private subnets, fed by the work
 * queue (partial batch failures reported). It reads its two secrets, writes and deletes cached
 * objects, and nothing else.
 */
final class Manager extends Construct {

    static final String HANDLER = "wis2.gc.manager.ManagerHandler::handleRequest";

    /**
     * Everything the manager needs to know, named (the CDK's props style) so that neighbouring
     * values of one type cannot be swapped. Secrets are passed as secrets, never as values.
     *
     * @param network the VPC and its private subnets
     * @param jar the manager's shaded jar
     * @param settings the environment file's {@code manager} section
     * @param existingRoleArn an operator's own role for the function, or null: the stack makes one
     */
    record Props(Network network, Path jar, GcConfig.Manager settings, String centreId, IBucket bucket,
            String publicBaseUrl, String redisUrl, ISecret redisToken, String brokerUrl, String brokerUser,
            ISecret brokerPassword, long maxObjectBytes, List<String> topicBlocklist, int retentionHours,
            IQueue queue, String existingRoleArn) {

        Props {
            Props.required(network, "Manager.Props.network");
            Props.required(jar, "Manager.Props.jar");
            Props.required(settings, "Manager.Props.settings");
            Props.required(centreId, "Manager.Props.centreId");
            Props.required(bucket, "Manager.Props.bucket");
            Props.required(publicBaseUrl, "Manager.Props.publicBaseUrl");
            Props.required(redisUrl, "Manager.Props.redisUrl");
            Props.required(redisToken, "Manager.Props.redisToken");
            Props.required(brokerUrl, "Manager.Props.brokerUrl");
            Props.required(brokerUser, "Manager.Props.brokerUser");
            Props.required(brokerPassword, "Manager.Props.brokerPassword");
            Props.required(topicBlocklist, "Manager.Props.topicBlocklist");
            Props.required(queue, "Manager.Props.queue");
            topicBlocklist = List.copyOf(topicBlocklist);
        }

        static Builder builder() {
            return new Builder();
        }

        /** A construct wired without one of its values would synthesize a broken resource: stop at once. */
        static void required(Object value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is required");
            }
        }

        /** Builds {@link Props}; every value but {@code existingRoleArn} is required. */
        static final class Builder {
            private Network network;
            private Path jar;
            private GcConfig.Manager settings;
            private String centreId;
            private IBucket bucket;
            private String publicBaseUrl;
            private String redisUrl;
            private ISecret redisToken;
            private String brokerUrl;
            private String brokerUser;
            private ISecret brokerPassword;
            private long maxObjectBytes;
            private List<String> topicBlocklist = List.of();
            private int retentionHours;
            private IQueue queue;
            private String existingRoleArn;

            private Builder() {
            }

            Builder network(Network value) {
                network = value;
                return this;
            }

            Builder jar(Path value) {
                jar = value;
                return this;
            }

            Builder settings(GcConfig.Manager value) {
                settings = value;
                return this;
            }

            /** {@code GC_CENTRE_ID}. */
            Builder centreId(String value) {
                centreId = value;
                return this;
            }

            /** The cache's bucket ({@code GC_BUCKET}). */
            Builder bucket(IBucket value) {
                bucket = value;
                return this;
            }

            /** {@code GC_PUBLIC_BASE_URL}. */
            Builder publicBaseUrl(String value) {
                publicBaseUrl = value;
                return this;
            }

            /** {@code GC_REDIS_URL}. */
            Builder redisUrl(String value) {
                redisUrl = value;
                return this;
            }

            /** The Redis AUTH token's secret ({@code GC_REDIS_TOKEN_SECRET_ARN}). */
            Builder redisToken(ISecret value) {
                redisToken = value;
                return this;
            }

            /** {@code GC_BROKER_URL}. */
            Builder brokerUrl(String value) {
                brokerUrl = value;
                return this;
            }

            /** {@code GC_BROKER_USER}. */
            Builder brokerUser(String value) {
                brokerUser = value;
                return this;
            }

            /** The publisher password's secret ({@code GC_BROKER_PASSWORD_SECRET_ARN}). */
            Builder brokerPassword(ISecret value) {
                brokerPassword = value;
                return this;
            }

            /** {@code GC_MAX_OBJECT_BYTES}. */
            Builder maxObjectBytes(long value) {
                maxObjectBytes = value;
                return this;
            }

            /** {@code GC_TOPIC_BLOCKLIST}. */
            Builder topicBlocklist(List<String> value) {
                topicBlocklist = value;
                return this;
            }

            /** {@code GC_RETENTION_HOURS}. */
            Builder retentionHours(int value) {
                retentionHours = value;
                return this;
            }

            /** The work queue the function is fed from. */
            Builder queue(IQueue value) {
                queue = value;
                return this;
            }

            /** An operator's own role, or null (the default): the stack makes one. */
            Builder existingRoleArn(String value) {
                existingRoleArn = value;
                return this;
            }

            Props build() {
                return new Props(network, jar, settings, centreId, bucket, publicBaseUrl, redisUrl, redisToken,
                        brokerUrl, brokerUser, brokerPassword, maxObjectBytes, topicBlocklist, retentionHours, queue,
                        existingRoleArn);
            }
        }
    }

    private final Function function;
    private final Alias alias;
    private final SecurityGroup securityGroup;
    private final LogGroup logGroup;
    private final Alarm ownNetworkAlarm;

    /** The log outcome the manager writes for a record failed because its own network is down (RecordProcessor). */
    static final String OWN_NETWORK_OUTCOME = "own_network_fault";
    static final String METRIC_NAMESPACE = "WIS2GlobalCache";

    Manager(Construct scope, String id, Props w) {
        super(scope, id);
        Network network = w.network();
        GcConfig.Manager settings = w.settings();
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("Manager Lambda: downloads from WIS2 nodes, Redis, S3, the broker")
                .allowAllOutbound(true)
                .build();
        logGroup = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build();
        function = Function.Builder.create(this, "Function")
                .description("WIS2 Global Cache manager: download, verify, store, republish")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(w.jar().toString()))
                .memorySize(settings.memoryMb())
                .ephemeralStorageSize(Size.mebibytes((int) (GcConfig.Manager.TMP_BYTES >> 20)))
                .timeout(Duration.seconds(settings.timeoutSeconds()))
                // restored snapshots reconnect their clients (the manager's adapters handle it)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .vpc(network.vpc())
                .vpcSubnets(network.privateSubnets())
                .securityGroups(List.of(securityGroup))
                .logGroup(logGroup)
                // an operator's own role (null: the stack makes one); the statements below are attached to it
                .role(w.existingRoleArn() == null ? null : Role.fromRoleArn(this, "ExistingRole", w.existingRoleArn()))
                .environment(Map.ofEntries(
                        Map.entry("GC_CENTRE_ID", w.centreId()),
                        Map.entry("GC_BUCKET", w.bucket().getBucketName()),
                        Map.entry("GC_PUBLIC_BASE_URL", w.publicBaseUrl()),
                        Map.entry("GC_REDIS_URL", w.redisUrl()),
                        Map.entry("GC_REDIS_TOKEN_SECRET_ARN", w.redisToken().getSecretArn()),
                        Map.entry("GC_BROKER_URL", w.brokerUrl()),
                        Map.entry("GC_BROKER_USER", w.brokerUser()),
                        Map.entry("GC_BROKER_PASSWORD_SECRET_ARN", w.brokerPassword().getSecretArn()),
                        Map.entry("GC_MAX_OBJECT_BYTES", Long.toString(w.maxObjectBytes())),
                        Map.entry("GC_TOPIC_BLOCKLIST", String.join(",", w.topicBlocklist())),
                        Map.entry("GC_RETENTION_HOURS", Integer.toString(w.retentionHours())),
                        Map.entry("GC_ALLOW_PRIVATE_SOURCES", "false"),
                        Map.entry("GC_DOWNLOAD_CONNECT_TIMEOUT_MS",
                        Integer.toString(settings.download().connectTimeoutMs())),
                        Map.entry("GC_DOWNLOAD_READ_TIMEOUT_MS", Integer.toString(settings.download().readTimeoutMs())),
                        Map.entry("GC_DOWNLOAD_TOTAL_TIMEOUT_MS",
                        Integer.toString(settings.download().totalTimeoutMs())),
                        Map.entry("GC_DOWNLOAD_RETRIES", Integer.toString(settings.download().retries())),
                        Map.entry("GC_DOWNLOAD_RETRY_BACKOFF_MS",
                        Integer.toString(settings.download().retryBackoffMs())),
                        Map.entry("GC_TIME_RESERVE_MS", Integer.toString(settings.download().reserveMs())),
                        Map.entry("GC_SOURCE_ATTEMPTS", Integer.toString(settings.sourceAttempts())),
                        Map.entry("GC_ADD_INTEGRITY", Boolean.toString(settings.addIntegrity())),
                        Map.entry("GC_TMP_CAPACITY_BYTES", Long.toString(GcConfig.Manager.TMP_BYTES))))
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The event source invokes the alias of the published current version.");
        // SnapStart applies to published versions: the event source invokes the alias
        alias = Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion()).build();
        alias.addEventSource(SqsEventSource.Builder.create(w.queue())
                .batchSize(settings.batchSize())
                .maxConcurrency(settings.maxConcurrency())
                .reportBatchItemFailures(true)
                .build());
        suppressLambdaFindings(function);
        ownNetworkAlarm = buildOwnNetworkAlarm();
        w.redisToken().grantRead(function);
        w.brokerPassword().grantRead(function);
        // write and delete cached objects; listing is needed to delete every instance of a data_id; reading
        // (HEAD) lets a redelivered record announce an object its first run stored, without downloading it again
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:DeleteObject", "s3:GetObject"))
                .resources(List.of(w.bucket().arnForObjects("*")))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(w.bucket().getBucketArn()))
                .build());
        var stack = Stack.of(this);
        // the stack's own bucket appears by logical id, an operator's bucket by its name
        String objectsOnly = "Objects of the cache's own bucket only: the keys are made per data_id and pubtime,"
                + " so no narrower prefix exists.";
        if (w.bucket().getNode().getDefaultChild() instanceof CfnElement own) {
            Nag.suppress(function.getRole(), "AwsSolutions-IAM5", objectsOnly,
                    "Resource::<" + stack.resolve(stack.getLogicalId(own)) + ".Arn>/*");
        } else {
            Nag.suppressMatching(function.getRole(), "AwsSolutions-IAM5", objectsOnly,
                    "/^Resource::arn:[^:]+:s3:::" + w.bucket().getBucketName().replace(".", "\\.") + "\\/\\*$/");
        }
    }

    /**
     * Counts the manager's own-network log lines and alarms on them: the NAT gateway or the
     * resolver fails, every download with it, and no source is to blame.
     */
    private Alarm buildOwnNetworkAlarm() {
        var filter = MetricFilter.Builder.create(this, "OwnNetworkFaults")
                .logGroup(logGroup)
                .filterPattern(FilterPattern.stringValue("$.outcome", "=", OWN_NETWORK_OUTCOME))
                .metricNamespace(METRIC_NAMESPACE)
                .metricName("OwnNetworkFaults")
                .metricValue("1")
                .defaultValue(0)
                .build();
        return Alarm.Builder.create(this, "OwnNetworkAlarm")
                .alarmDescription("The manager cannot reach any WIS2 node: its own network (NAT gateway, route, DNS"
                        + " resolver) is failing. Records are retried, not booked against the sources.")
                .metric(filter.metric(MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /** The alarm on the manager's own-network faults. */
    Alarm ownNetworkAlarm() {
        return ownNetworkAlarm;
    }

    /** The two findings every Java Lambda in a VPC of this app has. */
    static void suppressLambdaFindings(Function function) {
        Nag.suppress(function, "AwsSolutions-L1", "The jars are built for the java21 runtime (the project's Java"
                + " release); moving to a newer runtime is a build change, not a deployment setting.");
        Nag.suppress(function.getRole(), "AwsSolutions-IAM4", "AWS's basic and VPC execution policies: log writing"
                + " and the ENI actions a function in a VPC needs, which have no resource level permissions.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    }

    Function function() {
        return function;
    }

    Alias alias() {
        return alias;
    }

    LogGroup logGroup() {
        return logGroup;
    }

    SecurityGroup securityGroup() {
        return securityGroup;
    }
}
