package wis2.gc.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.IVpc;
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
 */
final class CacheState extends Construct {

    /** Not the default 6379 (cdk-nag AEC5): scanners probe the default. */
    static final int PORT = 6380;

    private final SecurityGroup securityGroup;
    private final Secret authToken;
    private final CfnReplicationGroup group;

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
        group = CfnReplicationGroup.Builder.create(this, "ReplicationGroup")
                .replicationGroupDescription("WIS2 Global Cache dedup state and metrics")
                .engine("redis")
                .engineVersion("7.1")
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
