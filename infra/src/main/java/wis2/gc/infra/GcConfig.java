package wis2.gc.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import wis2.gc.config.ConfigException;

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
 * @param existing resources the operator already has and the stack must use instead of creating them
 *     (null: the stack creates everything)
 * @param terminationProtection CloudFormation termination protection of the stack (null: on)
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
        Existing existing,
        Boolean terminationProtection,
        GlobalReplay globalReplay) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern CENTRE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]*[a-z0-9]");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}");
    private static final Pattern BROKER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}[a-z0-9]");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]+");
    private static final Pattern CERT_ARN =
            Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+");

    public GcConfig {
        require(account != null && ACCOUNT.matcher(account).matches(), "account", "12 digits", account);
        require(region != null && REGION.matcher(region).matches(), "region", "an AWS region such as eu-west-1",
                region);
        require(centreId != null && CENTRE_ID.matcher(centreId).matches(), "centreId",
                "a WIS2 centre-id (lower case letters, digits, '-' and '_')", centreId);
        require(hostedZone != null, "hostedZone", "present", null);
        require(domains != null, "domains", "present", null);
        require(certificates != null, "certificates", "present", null);
        require(globalBrokers != null && !globalBrokers.isEmpty(), "globalBrokers", "at least one Global Broker",
                globalBrokers);
        var names = new HashSet<String>();
        for (GlobalBroker b : globalBrokers) {
            require(names.add(b.name()), "globalBrokers", "unique names", b.name());
        }
        globalBrokers = List.copyOf(globalBrokers);
        // the Manual on WIS: every cached object is kept for at least 24 hours
        require(retentionDays >= 1 && retentionDays <= 365, "retentionDays", "1 to 365", retentionDays);
        require(maxObjectBytes > 0, "maxObjectBytes", "positive", maxObjectBytes);
        // a download at the ceiling is kept aside whole in the manager's /tmp, shared by the
        // records of a batch (they wait for room in turn), so one such object must fit it
        require(maxObjectBytes <= Manager.TMP_BYTES, "maxObjectBytes",
                "at most " + Manager.TMP_BYTES + " (the manager's /tmp under SnapStart)", maxObjectBytes);
        topicBlocklist = topicBlocklist == null ? List.of() : List.copyOf(topicBlocklist);
        for (String filter : topicBlocklist) {
            require(!filter.isBlank() && !filter.contains(","), "topicBlocklist", "MQTT topic filters without commas",
                    filter);
        }
        require(manager != null, "manager", "present", null);
        require(metrics != null, "metrics", "present", null);
        require(queue != null, "queue", "present", null);
        require(redis != null, "redis", "present", null);
        require(broker != null, "broker", "present", null);
        require(listener != null, "listener", "present", null);
        require(vpc != null, "vpc", "present", null);
        // a source's transient failure becomes final before SQS moves its message to the DLQ
        require(manager.sourceAttempts() < queue.maxReceiveCount(), "manager.sourceAttempts",
                "below queue.maxReceiveCount (" + queue.maxReceiveCount()
                + "), so a source's failure never reaches the DLQ",
                manager.sourceAttempts());
        require(alarmEmail == null || alarmEmail.matches("[^@\\s]+@[^@\\s]+"), "alarmEmail",
                "an e-mail address or null", alarmEmail);
        var zones = vpc.create() != null ? vpc.create().availabilityZones() : vpc.imported().availabilityZones();
        for (String zone : zones) {
            require(zone.startsWith(region), "vpc availabilityZones", "zones of " + region, zone);
        }
        require(certificates.regionalArn().contains(":acm:" + region + ":"), "certificates.regionalArn",
                "a certificate in the stack's region " + region, certificates.regionalArn());
        existing = existing == null ? new Existing(null, null, null, null) : existing;
        if (!existing.natEipAllocationIds().isEmpty()) {
            require(vpc.create() != null, "existing.natEipAllocationIds", "used with vpc.create only (an imported"
                    + " VPC brings its own NAT)", existing.natEipAllocationIds());
            require(existing.natEipAllocationIds().size() == vpc.create().natGateways(), "existing.natEipAllocationIds",
                    "one allocation id per NAT gateway (" + vpc.create().natGateways() + ")",
                    existing.natEipAllocationIds());
        }
        require(existing.managerRoleArn() == null || existing.managerRoleArn().contains(":iam::" + account + ":"),
                "existing.managerRoleArn", "a role of the stack's account " + account, existing.managerRoleArn());
        terminationProtection = terminationProtection == null || terminationProtection;
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

    /**
     * Manager Lambda: memory, timeout, the SQS event source settings, the download policy and
     * how many receives a record with transient source failures gets; {@code addIntegrity}
     * (absent: true) says whether a republished message without integrity gets one added
     * (GC_ADD_INTEGRITY): the approved Guide allows it, the 2026 draft and message analysers do not.
     *
     * @param download optional; null takes the manager's defaults
     * @param sourceAttempts optional (null: 3); must stay below {@code queue.maxReceiveCount}
     */
    public record Manager(int memoryMb, int timeoutSeconds, int batchSize, int maxConcurrency, Download download,
            Integer sourceAttempts, Boolean addIntegrity) {
        /** SnapStart caps a function's ephemeral storage (/tmp) at this; downloads spill within it. */
        public static final long TMP_BYTES = 512L << 20;

        public Manager {
            addIntegrity = addIntegrity == null || addIntegrity;
            require(memoryMb >= 128 && memoryMb <= 10240, "manager.memoryMb", "128 to 10240", memoryMb);
            // the queue's visibility timeout is 6 x this, and SQS allows at most 12 hours
            require(timeoutSeconds >= 1 && timeoutSeconds <= 900, "manager.timeoutSeconds", "1 to 900", timeoutSeconds);
            require(batchSize >= 1 && batchSize <= 10, "manager.batchSize", "1 to 10 (FIFO queues)", batchSize);
            require(maxConcurrency >= 2 && maxConcurrency <= 1000, "manager.maxConcurrency", "2 to 1000",
                    maxConcurrency);
            download = download == null ? Download.DEFAULTS : download;
            sourceAttempts = sourceAttempts == null ? 3 : sourceAttempts;
            require(sourceAttempts >= 1, "manager.sourceAttempts", "at least 1", sourceAttempts);
            long budget = timeoutSeconds * 1000L;
            // one whole attempt, then what must still happen after it, inside one invocation
            require(download.totalTimeoutMs() + download.reserveMs() <= budget, "manager.download",
                    "totalTimeoutMs + reserveMs within manager.timeoutSeconds (" + budget + " ms)",
                    download.totalTimeoutMs() + download.reserveMs() + " ms");
            // every retry of a source that never answers, with its backoff, inside one invocation
            require(download.silentRetriesMs() + download.reserveMs() <= budget, "manager.download",
                    "(retries + 1) x (connectTimeoutMs + readTimeoutMs) + the backoffs + reserveMs within"
                            + " manager.timeoutSeconds (" + budget + " ms)",
                    download.silentRetriesMs() + download.reserveMs() + " ms");
        }
    }

    /**
     * The manager's download policy (its {@code GC_DOWNLOAD_*} and {@code GC_TIME_RESERVE_MS}
     * variables). The app refuses at synth a policy whose attempts cannot fit the manager's
     * timeout: Lambda would end the invocation before the policy does.
     *
     * @param reserveMs kept of each invocation for store, publish, commit and metrics
     */
    public record Download(int connectTimeoutMs, int readTimeoutMs, int totalTimeoutMs, int retries, int retryBackoffMs,
            int reserveMs) {
        /** The manager's own defaults (ManagerConfig.Download and Resilience). */
        static final Download DEFAULTS = new Download(5_000, 10_000, 45_000, 2, 500, 2_000);

        public Download {
            require(connectTimeoutMs >= 1, "manager.download.connectTimeoutMs", "at least 1", connectTimeoutMs);
            require(readTimeoutMs >= 1, "manager.download.readTimeoutMs", "at least 1", readTimeoutMs);
            require(totalTimeoutMs >= 1, "manager.download.totalTimeoutMs", "at least 1", totalTimeoutMs);
            require(retries >= 0 && retries <= 10, "manager.download.retries", "0 to 10", retries);
            require(retryBackoffMs >= 0, "manager.download.retryBackoffMs", "at least 0", retryBackoffMs);
            require(reserveMs >= 0, "manager.download.reserveMs", "at least 0", reserveMs);
        }

        /** The longest a source that never answers can take with every retry: each attempt waits to connect and to
         * read. */
        long silentRetriesMs() {
            long attempts = (retries + 1L) * (connectTimeoutMs + (long) readTimeoutMs);
            long backoffs = 0;
            for (int i = 0; i < retries; i++) {
                backoffs += (long) retryBackoffMs << i;
            }
            return attempts + backoffs;
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
            require(maxReceiveCount >= 1 && maxReceiveCount <= 1000, "queue.maxReceiveCount", "1 to 1000",
                    maxReceiveCount);
        }
    }

    /** ElastiCache node type of the primary and its replica. */
    public record Redis(String nodeType) {
        public Redis {
            require(nodeType != null && nodeType.startsWith("cache."), "redis.nodeType", "an ElastiCache node type",
                    nodeType);
        }
    }

    /** Fargate task size (CPU units and MiB). */
    public record TaskSize(int cpu, int memoryMb) {
        public TaskSize {
            require(List.of(256, 512, 1024, 2048, 4096, 8192, 16384).contains(cpu), "cpu", "a Fargate CPU size", cpu);
            require(memoryMb >= 512, "memoryMb", "at least 512", memoryMb);
        }
    }

    /**
     * Either {@code create} or {@code imported} is set. {@code interfaceEndpoints} (null: true) adds
     * interface endpoints for SQS, Secrets Manager, CloudWatch Logs, ECR and STS, so that AWS API
     * traffic stays off the NAT gateways; the S3 gateway endpoint is always added.
     */
    public record Vpc(CreateVpc create, ImportVpc imported, Boolean interfaceEndpoints) {
        public Vpc {
            require((create == null) != (imported == null), "vpc", "exactly one of 'create' and 'imported'", null);
            interfaceEndpoints = interfaceEndpoints == null || interfaceEndpoints;
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

    /**
     * An existing VPC, given by ids so that synth needs no lookup. {@code privateRouteTableIds}
     * (one per private subnet) lets the stack add the S3 gateway endpoint to their routes; leave it
     * out when the VPC already has one.
     */
    public record ImportVpc(String vpcId, String cidr, List<String> availabilityZones, List<String> privateSubnetIds,
            List<String> publicSubnetIds, List<String> egressIps, List<String> privateRouteTableIds) {
        public ImportVpc {
            require(vpcId != null && vpcId.matches("vpc-[0-9a-f]+"), "vpc.imported.vpcId", "a VPC id", vpcId);
            require(cidr != null && cidr.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+"), "vpc.imported.cidr",
                    "the VPC's IPv4 CIDR", cidr);
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
            // absent: the VPC keeps its own S3 routing (a gateway endpoint of its own, for example)
            privateRouteTableIds = privateRouteTableIds == null ? List.of() : List.copyOf(privateRouteTableIds);
            require(privateRouteTableIds.isEmpty() || (privateRouteTableIds.size() == zones
                    && privateRouteTableIds.stream().allMatch(id -> id.matches("rtb-[0-9a-f]+"))),
                    "vpc.imported.privateRouteTableIds", "absent or one route table id (rtb-...) per private subnet",
                    privateRouteTableIds);
        }
    }

    /**
     * Resources the operator brings, each optional.
     *
     * @param bucketName an existing bucket for the cached objects: the stack neither creates nor changes it
     *     (its policy and lifecycle rule are the operator's, see docs/operations.md)
     * @param managerRoleArn an existing IAM role for the manager Lambda; the stack attaches the cache's
     *     policy to it
     * @param natEipAllocationIds existing Elastic IP allocations for the NAT gateways of a created VPC,
     *     so that the egress addresses WIS2 nodes allow-list outlive the stack
     * @param apiGatewayCloudWatchRole true when the account already has its API Gateway CloudWatch role
     *     (a landing zone manages it): the stack then creates none
     */
    public record Existing(String bucketName, String managerRoleArn, List<String> natEipAllocationIds,
            Boolean apiGatewayCloudWatchRole) {
        public Existing {
            require(bucketName == null || BUCKET_NAME.matcher(bucketName).matches(), "existing.bucketName",
                    "an S3 bucket name", bucketName);
            require(managerRoleArn == null || ROLE_ARN.matcher(managerRoleArn).matches(), "existing.managerRoleArn",
                    "an IAM role ARN", managerRoleArn);
            natEipAllocationIds = natEipAllocationIds == null ? List.of() : List.copyOf(natEipAllocationIds);
            for (String id : natEipAllocationIds) {
                require(id.matches("eipalloc-[0-9a-f]+"), "existing.natEipAllocationIds", "Elastic IP allocation ids",
                        id);
            }
            apiGatewayCloudWatchRole = apiGatewayCloudWatchRole != null && apiGatewayCloudWatchRole;
        }
    }

    /**
     * The WIS2 Global Replay service the listeners backfill gaps in their feeds from; each option
     * left out (null) takes the listener's default (docs/operations.md, "Configuration variables").
     *
     * @param url base URL of the service (GC_GLOBAL_REPLAY_URL)
     * @param marginMinutes how far before the last forwarded message a gap starts (GC_REPLAY_MARGIN_MINUTES)
     * @param thresholdMinutes a disconnection longer than this is a gap even with a session
     *     (GC_REPLAY_THRESHOLD_MINUTES)
     * @param maxGapHours a longer gap is cut to its most recent part (GC_REPLAY_MAX_GAP_HOURS)
     */
    public record GlobalReplay(String url, Integer marginMinutes, Integer thresholdMinutes, Integer maxGapHours) {
        public GlobalReplay {
            require(url != null && url.matches("https?://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~/-]*)?"),
                    "globalReplay.url",
                    "an http(s) URL without query or credentials", url);
            require(marginMinutes == null || marginMinutes >= 0 && marginMinutes <= 60, "globalReplay.marginMinutes",
                    "0 to 60", marginMinutes);
            require(thresholdMinutes == null || thresholdMinutes >= 1 && thresholdMinutes <= 1440,
                    "globalReplay.thresholdMinutes", "1 to 1440", thresholdMinutes);
            require(maxGapHours == null || maxGapHours >= 1 && maxGapHours <= 72, "globalReplay.maxGapHours",
                    "1 to 72 (the service keeps 3 days)", maxGapHours);
        }
    }

    /** Reads and validates one environment file; every problem names the key at fault and the file. */
    public static GcConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), "does not exist"
                    + " (copy infra/config/example.json and pass its name with -c env=NAME)");
        }
        // a misspelt key, or null where a number belongs, is an error rather than a silent default
        var mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        try {
            return mapper.readValue(file, GcConfig.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ConfigException bad) {
                throw new ConfigException(bad.variable(), bad.problem() + " (in " + file + ")", e);
            }
            throw new ConfigException(file.toString(), e.getMessage(), e);
        } catch (JacksonIOException e) {
            throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new ConfigException(file.toString(), e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        }
    }

    /** "KEY: must be EXPECTED. Found: ACTUAL"; nothing in this file is secret. */
    private static void require(boolean ok, String key, String expected, Object actual) {
        if (!ok) {
            throw new ConfigException(key, "must be " + expected + ". Found: " + actual);
        }
    }
}
