package wis2.gc.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One deployment environment of the Global Cache, as read from {@code infra/config/<env>.json}.
 * Only the app's main class reads the file; the stacks and constructs get these typed values.
 * Nothing here is secret: secrets are referred to by their Secrets Manager names.
 *
 * @param account AWS account id (12 digits)
 * @param region AWS region of the stack
 * @param centreId WIS2 centre-id of this Global Cache
 * @param hostedZone the Route 53 zone that holds the three domain names
 * @param domains the public names of the download service, the broker and the metrics endpoint
 * @param certificates ACM certificates (CloudFront's in us-east-1, the other in {@code region})
 * @param globalBrokers the Global Brokers to subscribe to, one listener each
 * @param retentionDays how long cached objects and dedup state are kept (at least 1)
 * @param maxObjectBytes size ceiling of one cached object
 * @param topicBlocklist MQTT topic filters whose data is not cached
 * @param manager the manager Lambda's sizing and event source settings
 * @param metrics the metrics Lambda's sizing and API throttling
 * @param queue the work queue's redrive setting
 * @param redis the ElastiCache node type
 * @param broker EMQX task size
 * @param listener listener task size
 * @param vpc create a VPC or import one by ids
 * @param alarmEmail optional address subscribed to the alarm topic (null: no topic)
 * @param globalReplay optional Global Replay service the listeners backfill gaps from (null: no backfill)
 */
public record GcConfig(
        String account,
        String region,
        String centreId,
        HostedZone hostedZone,
        Domains domains,
        Certificates certificates,
        List<GlobalBroker> globalBrokers,
        int retentionDays,
        long maxObjectBytes,
        List<String> topicBlocklist,
        Manager manager,
        Metrics metrics,
        Queue queue,
        Redis redis,
        TaskSize broker,
        TaskSize listener,
        Vpc vpc,
        String alarmEmail,
        GlobalReplay globalReplay) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern CENTRE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]*[a-z0-9]");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}");
    private static final Pattern BROKER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}[a-z0-9]");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern CERT_ARN = Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+");

    public GcConfig {
        require(account != null && ACCOUNT.matcher(account).matches(), "account", "12 digits", account);
        require(region != null && REGION.matcher(region).matches(), "region", "an AWS region such as eu-west-1", region);
        require(centreId != null && CENTRE_ID.matcher(centreId).matches(), "centreId",
                "a WIS2 centre-id (lower case letters, digits, '-' and '_')", centreId);
        require(hostedZone != null, "hostedZone", "present", null);
        require(domains != null, "domains", "present", null);
        require(certificates != null, "certificates", "present", null);
        require(globalBrokers != null && !globalBrokers.isEmpty(), "globalBrokers", "at least one Global Broker", globalBrokers);
        var names = new HashSet<String>();
        for (GlobalBroker b : globalBrokers) {
            require(names.add(b.name()), "globalBrokers", "unique names", b.name());
        }
        globalBrokers = List.copyOf(globalBrokers);
        // GC rule 13: every cached object is kept for at least 24 hours
        require(retentionDays >= 1 && retentionDays <= 365, "retentionDays", "1 to 365", retentionDays);
        require(maxObjectBytes > 0, "maxObjectBytes", "positive", maxObjectBytes);
        topicBlocklist = topicBlocklist == null ? List.of() : List.copyOf(topicBlocklist);
        for (String filter : topicBlocklist) {
            require(!filter.isBlank() && !filter.contains(","), "topicBlocklist", "MQTT topic filters without commas", filter);
        }
        require(manager != null, "manager", "present", null);
        require(metrics != null, "metrics", "present", null);
        require(queue != null, "queue", "present", null);
        require(redis != null, "redis", "present", null);
        require(broker != null, "broker", "present", null);
        require(listener != null, "listener", "present", null);
        require(vpc != null, "vpc", "present", null);
        require(alarmEmail == null || alarmEmail.matches("[^@\\s]+@[^@\\s]+"), "alarmEmail", "an e-mail address or null", alarmEmail);
        var zones = vpc.create() != null ? vpc.create().availabilityZones() : vpc.imported().availabilityZones();
        for (String zone : zones) {
            require(zone.startsWith(region), "vpc availabilityZones", "zones of " + region, zone);
        }
        require(certificates.regionalArn().contains(":acm:" + region + ":"), "certificates.regionalArn",
                "a certificate in the stack's region " + region, certificates.regionalArn());
    }

    /** How long the manager keeps dedup state, in hours (GC_RETENTION_HOURS). */
    public int retentionHours() {
        return retentionDays * 24;
    }

    /** The Route 53 hosted zone, imported by id and name (no lookup). */
    public record HostedZone(String id, String name) {
        public HostedZone {
            require(id != null && id.matches("Z[A-Z0-9]{1,31}"), "hostedZone.id", "a Route 53 zone id", id);
            require(name != null && DOMAIN.matcher(name).matches(), "hostedZone.name", "a domain name", name);
        }
    }

    /** Public names: the download service (CloudFront), the broker (NLB), the metrics API. */
    public record Domains(String download, String broker, String metrics) {
        public Domains {
            for (var e : List.of(new String[] {"download", download}, new String[] {"broker", broker},
                    new String[] {"metrics", metrics})) {
                require(e[1] != null && DOMAIN.matcher(e[1]).matches(), "domains." + e[0], "a domain name", e[1]);
            }
        }
    }

    /** ACM certificate ARNs; CloudFront only accepts certificates from us-east-1. */
    public record Certificates(String cloudFrontArn, String regionalArn) {
        public Certificates {
            require(cloudFrontArn != null && CERT_ARN.matcher(cloudFrontArn).matches()
                    && cloudFrontArn.contains(":acm:us-east-1:"), "certificates.cloudFrontArn",
                    "an ACM certificate ARN in us-east-1", cloudFrontArn);
            require(regionalArn != null && CERT_ARN.matcher(regionalArn).matches(), "certificates.regionalArn",
                    "an ACM certificate ARN", regionalArn);
        }
    }

    /**
     * A Global Broker to subscribe to.
     *
     * @param name short name, used in resource names and as the SQS {@code broker} attribute
     * @param urlSecretName Secrets Manager name of the secret holding its MQTT URL (with credentials)
     * @param subscriptions optional comma-separated topic filters (GC_SUBSCRIPTIONS); null: the listener's default
     */
    public record GlobalBroker(String name, String urlSecretName, String subscriptions) {
        public GlobalBroker {
            require(name != null && BROKER_NAME.matcher(name).matches(), "globalBrokers[].name",
                    "2 to 32 lower case letters, digits or '-'", name);
            require(urlSecretName != null && SECRET_NAME.matcher(urlSecretName).matches(),
                    "globalBrokers[" + name + "].urlSecretName", "a Secrets Manager secret name", urlSecretName);
            require(subscriptions == null || !subscriptions.isBlank(), "globalBrokers[" + name + "].subscriptions",
                    "absent or a comma-separated list of topic filters", subscriptions);
        }
    }

    /** Manager Lambda: memory, timeout and the SQS event source settings. */
    public record Manager(int memoryMb, int timeoutSeconds, int batchSize, int maxConcurrency) {
        public Manager {
            require(memoryMb >= 128 && memoryMb <= 10240, "manager.memoryMb", "128 to 10240", memoryMb);
            // the queue's visibility timeout is 6 x this, and SQS allows at most 12 hours
            require(timeoutSeconds >= 1 && timeoutSeconds <= 900, "manager.timeoutSeconds", "1 to 900", timeoutSeconds);
            require(batchSize >= 1 && batchSize <= 10, "manager.batchSize", "1 to 10 (FIFO queues)", batchSize);
            require(maxConcurrency >= 2 && maxConcurrency <= 1000, "manager.maxConcurrency", "2 to 1000", maxConcurrency);
        }
    }

    /** Metrics Lambda memory and the API's steady rate and burst limits. */
    public record Metrics(int memoryMb, int throttleRatePerSecond, int throttleBurst) {
        public Metrics {
            require(memoryMb >= 128 && memoryMb <= 10240, "metrics.memoryMb", "128 to 10240", memoryMb);
            require(throttleRatePerSecond >= 1, "metrics.throttleRatePerSecond", "at least 1", throttleRatePerSecond);
            require(throttleBurst >= 1, "metrics.throttleBurst", "at least 1", throttleBurst);
        }
    }

    /** Work queue: how many receives before a message moves to the DLQ. */
    public record Queue(int maxReceiveCount) {
        public Queue {
            require(maxReceiveCount >= 1 && maxReceiveCount <= 1000, "queue.maxReceiveCount", "1 to 1000", maxReceiveCount);
        }
    }

    /** ElastiCache node type of the primary and its replica. */
    public record Redis(String nodeType) {
        public Redis {
            require(nodeType != null && nodeType.startsWith("cache."), "redis.nodeType", "an ElastiCache node type", nodeType);
        }
    }

    /** Fargate task size (CPU units and MiB). */
    public record TaskSize(int cpu, int memoryMb) {
        public TaskSize {
            require(List.of(256, 512, 1024, 2048, 4096, 8192, 16384).contains(cpu), "cpu", "a Fargate CPU size", cpu);
            require(memoryMb >= 512, "memoryMb", "at least 512", memoryMb);
        }
    }

    /** Either {@code create} or {@code imported} is set. */
    public record Vpc(CreateVpc create, ImportVpc imported) {
        public Vpc {
            require((create == null) != (imported == null), "vpc", "exactly one of 'create' and 'imported'", null);
        }
    }

    /**
     * A new VPC: its CIDR, its zones (named, so that synth needs no lookup) and how many NAT
     * gateways (each on an Elastic IP) it has.
     */
    public record CreateVpc(String cidr, List<String> availabilityZones, int natGateways) {
        public CreateVpc {
            require(cidr != null && cidr.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/(1[6-9]|2[0-4])"), "vpc.create.cidr",
                    "an IPv4 CIDR from /16 to /24", cidr);
            require(availabilityZones != null && availabilityZones.size() >= 2 && availabilityZones.size() <= 3,
                    "vpc.create.availabilityZones", "2 or 3 zones (Redis and EMQX span two)", availabilityZones);
            availabilityZones = List.copyOf(availabilityZones);
            require(natGateways >= 1 && natGateways <= availabilityZones.size(), "vpc.create.natGateways",
                    "1 to the number of zones", natGateways);
        }
    }

    /** An existing VPC, given by ids so that synth needs no lookup. */
    public record ImportVpc(String vpcId, String cidr, List<String> availabilityZones, List<String> privateSubnetIds,
            List<String> publicSubnetIds, List<String> egressIps) {
        public ImportVpc {
            require(vpcId != null && vpcId.matches("vpc-[0-9a-f]+"), "vpc.imported.vpcId", "a VPC id", vpcId);
            require(cidr != null && cidr.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+"), "vpc.imported.cidr", "the VPC's IPv4 CIDR", cidr);
            require(availabilityZones != null && availabilityZones.size() >= 2, "vpc.imported.availabilityZones",
                    "at least two zones", availabilityZones);
            int zones = availabilityZones.size();
            require(privateSubnetIds != null && privateSubnetIds.size() == zones, "vpc.imported.privateSubnetIds",
                    "one subnet per zone", privateSubnetIds);
            require(publicSubnetIds != null && publicSubnetIds.size() == zones, "vpc.imported.publicSubnetIds",
                    "one subnet per zone", publicSubnetIds);
            availabilityZones = List.copyOf(availabilityZones);
            privateSubnetIds = List.copyOf(privateSubnetIds);
            publicSubnetIds = List.copyOf(publicSubnetIds);
            egressIps = egressIps == null ? List.of() : List.copyOf(egressIps);
        }
    }

    /**
     * The WIS2 Global Replay service the listeners backfill gaps in their feeds from; each option
     * left out (null) takes the listener's default (docs/operations.md, "Backfill").
     *
     * @param url base URL of the service (GC_GLOBAL_REPLAY_URL)
     * @param marginMinutes how far before the last forwarded message a gap starts (default 5)
     * @param thresholdMinutes a disconnection longer than this is a gap even with a session (default 10)
     * @param maxGapHours a longer gap is cut to its most recent part (default 6)
     */
    public record GlobalReplay(String url, Integer marginMinutes, Integer thresholdMinutes, Integer maxGapHours) {
        public GlobalReplay {
            require(url != null && url.matches("https?://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~/-]*)?"), "globalReplay.url",
                    "an http(s) URL without query or credentials", url);
            require(marginMinutes == null || marginMinutes >= 0 && marginMinutes <= 60, "globalReplay.marginMinutes",
                    "0 to 60", marginMinutes);
            require(thresholdMinutes == null || thresholdMinutes >= 1 && thresholdMinutes <= 1440,
                    "globalReplay.thresholdMinutes", "1 to 1440", thresholdMinutes);
            require(maxGapHours == null || maxGapHours >= 1 && maxGapHours <= 72, "globalReplay.maxGapHours",
                    "1 to 72 (the service keeps 3 days)", maxGapHours);
        }
    }

    /** Reads and validates one environment file. */
    public static GcConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException("configuration file " + file + " does not exist"
                    + " (copy infra/config/example.json and pass its name with -c env=NAME)");
        }
        var mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            return mapper.readValue(file.toFile(), GcConfig.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() instanceof InvalidConfigException ice ? ice : e;
            throw new InvalidConfigException(file + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(file + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new InvalidConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static void require(boolean ok, String key, String expected, Object actual) {
        if (!ok) {
            throw new InvalidConfigException("config key '" + key + "' must be " + expected + " (got " + actual + ")");
        }
    }
}
