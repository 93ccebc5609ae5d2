package wis2.gc.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.elasticache.CfnParameterGroup;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The dedup state and the metrics counters: an ElastiCache Redis replication group (primary and
 * replica in two zones, automatic failover), TLS in transit, encrypted at rest, an AUTH token
 * generated into Secrets Manager, reachable only from the security groups given to
 * {@link #allowFrom}.
 *
 * <p>A full Redis must refuse writes, never evict: an evicted dedup key is a duplicate
 * republication, and nothing would tell. So the parameter group sets {@code noeviction}; the
 * manager takes Redis's OOM answer as its own fault (the record is retried, then dead-lettered)
 * and the memory alarm fires well before that. A deletion or replacement of the group leaves a
 * final snapshot.
 */
final class CacheState extends Construct {

    /** Not the default 6379 (cdk-nag AEC5): scanners probe the default. */
    static final int PORT = 6380;
    static final String ENGINE_VERSION = "7.1";
    static final String PARAMETER_FAMILY = "redis7";
    /** The alarms' thresholds: memory and CPU in per cent, replication lag in seconds. */
    static final double MEMORY_ALARM_PERCENT = 80;
    static final double CPU_ALARM_PERCENT = 80;
    static final double REPLICATION_LAG_ALARM_SECONDS = 30;
    /** The member clusters of a two-node replication group are named {@code <group id>-001} and {@code -002}. */
    static final List<String> MEMBER_SUFFIXES = List.of("-001", "-002");

    private final SecurityGroup securityGroup;
    private final Secret authToken;
    private final CfnReplicationGroup group;
    private final List<Alarm> alarms = new ArrayList<>();

    CacheState(Construct scope, String id, IVpc vpc, SubnetSelection subnets, String nodeType, String prefix) {
        super(scope, id);
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(vpc)
                .description("Redis: ingress only from the manager and metrics Lambdas")
                .allowAllOutbound(false)
                .build();
        var subnetGroup = CfnSubnetGroup.Builder.create(this, "Subnets")
                .description("Private subnets of the Global Cache's Redis")
                .subnetIds(vpc.selectSubnets(subnets).getSubnetIds())
                .build();
        authToken = Secret.Builder.create(this, "AuthToken")
                .secretName(prefix + "/redis/auth-token")
                .description("AUTH token of the Global Cache's Redis (read by the manager and metrics Lambdas)")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        // ElastiCache refuses some punctuation in tokens; letters and digits are plenty
                        .excludePunctuation(true)
                        .build())
                .build();
        Nag.suppress(authToken, "AwsSolutions-SMG4", "Rotated by the operator (docs/operations.md): ElastiCache"
                + " needs a ROTATE/SET token update in step with the secret, which no managed rotation does.");
        var parameters = CfnParameterGroup.Builder.create(this, "Parameters")
                .cacheParameterGroupFamily(PARAMETER_FAMILY)
                .description("WIS2 Global Cache: a full Redis refuses writes instead of evicting dedup keys")
                .properties(Map.of("maxmemory-policy", "noeviction"))
                .build();
        group = CfnReplicationGroup.Builder.create(this, "ReplicationGroup")
                .replicationGroupDescription("WIS2 Global Cache dedup state and metrics")
                .engine("redis")
                .engineVersion(ENGINE_VERSION)
                .cacheParameterGroupName(parameters.getRef())
                .cacheNodeType(nodeType)
                .numCacheClusters(2)
                .automaticFailoverEnabled(true)
                .multiAzEnabled(true)
                .transitEncryptionEnabled(true)
                .atRestEncryptionEnabled(true)
                // a dynamic reference: CloudFormation resolves it, the template never holds the token
                .authToken(authToken.getSecretValue().unsafeUnwrap())
                .port(PORT)
                .cacheSubnetGroupName(subnetGroup.getRef())
                .securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .snapshotRetentionLimit(1)
                .autoMinorVersionUpgrade(true)
                .build();
        // a mistaken delete or a replacing change keeps the dedup state as a final snapshot
        group.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        addAlarms();
    }

    private void addAlarms() {
        alarms.add(alarm("MemoryAlarm", "Redis uses over " + (int) MEMORY_ALARM_PERCENT + " % of its memory; when"
                + " full it refuses writes (noeviction) and every notification fails until the DLQ: choose a larger"
                + " redis.nodeType or a shorter retentionDays.", "DatabaseMemoryUsagePercentage", MEMORY_ALARM_PERCENT,
                3));
        alarms.add(alarm("CpuAlarm", "Redis's engine thread is over " + (int) CPU_ALARM_PERCENT + " % busy: claims"
                + " and metrics slow down; choose a larger redis.nodeType.", "EngineCPUUtilization", CPU_ALARM_PERCENT,
                5));
        alarms.add(alarm("EvictionsAlarm", "Redis evicted keys although its policy is noeviction: the parameter"
                + " group was changed; dedup keys may be lost (duplicate republications).", "Evictions", 0, 1));
        alarms.add(alarm("ReplicationLagAlarm", "The Redis replica is over " + (int) REPLICATION_LAG_ALARM_SECONDS
                + " s behind: a failover now would lose recent claims and commits.", "ReplicationLag",
                REPLICATION_LAG_ALARM_SECONDS, 5));
    }

    /** The highest value of either node: which one is primary changes with each failover. */
    private Alarm alarm(String id, String description, String metricName, double threshold, int periods) {
        var perNode = new LinkedHashMap<String, IMetric>();
        for (int i = 0; i < MEMBER_SUFFIXES.size(); i++) {
            perNode.put("node" + (i + 1), Metric.Builder.create()
                    .namespace("AWS/ElastiCache").metricName(metricName)
                    .dimensionsMap(Map.of("CacheClusterId",
                    Fn.join("", List.of(group.getRef(), MEMBER_SUFFIXES.get(i)))))
                    .statistic(metricName.equals("Evictions") ? "Sum" : "Maximum")
                    .period(Duration.minutes(1))
                    .build());
        }
        return Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(MathExpression.Builder.create().expression("MAX([node1, node2])").usingMetrics(perNode)
                        .label(metricName).period(Duration.minutes(1)).build())
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(periods).datapointsToAlarm(Math.min(periods, 3))
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /** Memory, CPU, evictions, replication lag. */
    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    /** Lets the given Lambda security groups (and nothing else) open connections to Redis. */
    void allowFrom(ISecurityGroup... clients) {
        for (ISecurityGroup client : clients) {
            securityGroup.addIngressRule(client, Port.tcp(PORT), "Redis from " + client.getNode().getPath());
            if (client instanceof SecurityGroup sg && !sg.getAllowAllOutbound()) {
                sg.addEgressRule(securityGroup, Port.tcp(PORT), "to Redis");
            }
        }
    }

    /** {@code rediss://host:port} of the primary, without credentials (GC_REDIS_URL). */
    String url() {
        return "rediss://" + group.getAttrPrimaryEndPointAddress() + ":" + group.getAttrPrimaryEndPointPort();
    }

    ISecret authToken() {
        return authToken;
    }

    CfnReplicationGroup group() {
        return group;
    }
}
