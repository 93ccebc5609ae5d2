package wis2.gc.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AccessLevel;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.CachedMethods;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOriginWithOACProps;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.CloudFrontTarget;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Storage and the download service: a private, encrypted bucket whose objects expire after the
 * retention time (or the operator's own bucket, given by name and left unchanged), served only
 * through CloudFront (origin access control) on the cache's domain over HTTPS.
 *
 * <p>The answers are the ones WIS2 clients rely on: CloudFront may list the bucket, so a missing
 * key is a 404 (S3 answers 403 to a reader that may not list), cached at the edge for
 * {@link #ERROR_TTL}; GET, HEAD, Range and conditional requests (304) are CloudFront's own
 * handling of an S3 origin; every answer carries {@code X-Content-Type-Options: nosniff}. An
 * object's URL never changes content (keys are per data_id and pubtime), so the one reason to
 * expire copies is a deletion: edges and downstream caches keep a copy at most {@link #EDGE_TTL}
 * after the object is deleted from the bucket.
 */
final class ObjectStore extends Construct {

    /** How long an edge or downstream cache serves a copy without asking S3 again. */
    static final Duration EDGE_TTL = Duration.minutes(5);
    /** How long an edge keeps a 404 or 403 answer (a key announced a moment later is found soon). */
    static final Duration ERROR_TTL = Duration.seconds(10);

    private final IBucket bucket;
    private final Distribution distribution;
    private final String publicBaseUrl;

    /**
     * What the object store is wired to, named (the CDK's props style) so that no two values can be swapped.
     */
    record Props(int retentionDays, String existingBucketName, String domain, String certificateArn,
            IHostedZone zone) {

        Props {
            Manager.Props.required(domain, "ObjectStore.Props.domain");
            Manager.Props.required(certificateArn, "ObjectStore.Props.certificateArn");
            Manager.Props.required(zone, "ObjectStore.Props.zone");
        }

        static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}; every value is required but {@code retentionDays}, {@code existingBucketName}. */
        static final class Builder {
            private int retentionDays;
            private String existingBucketName;
            private String domain;
            private String certificateArn;
            private IHostedZone zone;

            private Builder() {
            }

            /** How long cached objects are kept, in days. */
            Builder retentionDays(int value) {
                retentionDays = value;
                return this;
            }

            /** An operator's own bucket, or null (the default): the stack makes one. */
            Builder existingBucketName(String value) {
                existingBucketName = value;
                return this;
            }

            /** The download service's domain name. */
            Builder domain(String value) {
                domain = value;
                return this;
            }

            /** Its certificate, in us-east-1. */
            Builder certificateArn(String value) {
                certificateArn = value;
                return this;
            }

            /** The zone the domain's record goes in. */
            Builder zone(IHostedZone value) {
                zone = value;
                return this;
            }

            Props build() {
                return new Props(retentionDays, existingBucketName, domain, certificateArn, zone);
            }
        }
    }

    ObjectStore(Construct scope, String id, Props props) {
        super(scope, id);
        int retentionDays = props.retentionDays();
        String existingBucketName = props.existingBucketName();
        String domain = props.domain();
        String certificateArn = props.certificateArn();
        IHostedZone zone = props.zone();
        bucket = existingBucketName != null ? Bucket.fromBucketName(this, "Bucket", existingBucketName)
                : ownBucket(retentionDays);
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("WIS2 Global Cache downloads (" + domain + ")")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket, S3BucketOriginWithOACProps.builder()
                                // LIST turns a missing key into S3's 404 instead of its 403
                                .originAccessLevels(List.of(AccessLevel.READ, AccessLevel.LIST))
                                .build()))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachedMethods(CachedMethods.CACHE_GET_HEAD)
                        .cachePolicy(cachePolicy())
                        .responseHeadersPolicy(headersPolicy())
                        .compress(false)
                        .build())
                // with LIST granted, "/" would be S3's bucket listing: ask for a key that never exists
                .defaultRootObject("index.html")
                .errorResponses(List.of(
                        ErrorResponse.builder().httpStatus(404).ttl(ERROR_TTL).build(),
                        ErrorResponse.builder().httpStatus(403).ttl(ERROR_TTL).build()))
                .domainNames(List.of(domain))
                .certificate(Certificate.fromCertificateArn(this, "Certificate", certificateArn))
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_ALL)
                .build();
        Annotations.of(distribution).acknowledgeWarning("@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk",
                "defaultRootObject is set, so no request reaches S3's bucket listing.");
        Nag.suppress(distribution, "AwsSolutions-CFR1", "WIS2 data is for the whole world: no geo restriction.");
        Nag.suppress(distribution, "AwsSolutions-CFR2", "Read-only public downloads of cached open data; WAF is"
                + " an operator's choice and cost, not needed for GET of static objects.");
        Nag.suppress(distribution, "AwsSolutions-CFR3", "Download volume makes access logs a major cost; the"
                + " manager's metrics count what is cached, CloudFront's own metrics count what is served.");
        if (existingBucketName != null) {
            CfnOutput.Builder.create(this, "BucketPolicyToAdd")
                    .description("The operator's bucket " + existingBucketName + " is not changed by the stack: add"
                            + " this statement to its policy (docs/operations.md, 'Bring your own')")
                    .value(Stack.of(this).toJsonString(Map.of(
                            "Sid", "GlobalCacheCloudFrontRead",
                            "Effect", "Allow",
                            "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                            "Action", List.of("s3:GetObject", "s3:ListBucket"),
                            "Resource", List.of(bucket.getBucketArn(), bucket.arnForObjects("*")),
                            "Condition", Map.of("StringEquals",
                            Map.of("AWS:SourceArn", distribution.getDistributionArn())))))
                    .build();
        }
        var target = RecordTarget.fromAlias(new CloudFrontTarget(distribution));
        ARecord.Builder.create(this, "Alias").zone(zone).recordName(domain).target(target).build();
        AaaaRecord.Builder.create(this, "AliasV6").zone(zone).recordName(domain).target(target).build();
        publicBaseUrl = "https://" + domain;
    }

    private Bucket ownBucket(int retentionDays) {
        var own = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-after-retention")
                        // S3 rounds expiry up to the next midnight UTC, so objects live at least this long
                        .expiration(Duration.days(retentionDays))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                // cached copies are disposable, but a stack deletion must not silently wipe a live cache
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(own, "AwsSolutions-S1", "Only CloudFront reads and only the manager writes; reads are"
                + " public open data, and the manager's own logs and metrics record every write.");
        return own;
    }

    /** Nothing of the request varies the answer: one copy per key, kept {@link #EDGE_TTL} at most. */
    private CachePolicy cachePolicy() {
        return CachePolicy.Builder.create(this, "CachePolicy")
                .comment("WIS2 Global Cache objects: keyed on the path only, at most " + EDGE_TTL.toSeconds() + " s")
                .minTtl(Duration.seconds(0))
                .defaultTtl(EDGE_TTL)
                .maxTtl(EDGE_TTL)
                .queryStringBehavior(CacheQueryStringBehavior.none())
                .headerBehavior(CacheHeaderBehavior.none())
                .cookieBehavior(CacheCookieBehavior.none())
                .enableAcceptEncodingGzip(false)
                .enableAcceptEncodingBrotli(false)
                .build();
    }

    private ResponseHeadersPolicy headersPolicy() {
        return ResponseHeadersPolicy.Builder.create(this, "HeadersPolicy")
                .comment("WIS2 Global Cache objects: nosniff, HSTS, Cache-Control")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        // a cached object's type comes from its publisher: browsers must not guess another
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(365)).includeSubdomains(false).override(true)
                                .build())
                        .build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder().customHeaders(List.of(
                        ResponseCustomHeader.builder().header("Cache-Control").value(cacheControl()).override(true)
                        .build()))
                        .build())
                .build();
    }

    /** The Cache-Control of every answer: downstream caches follow the edge's TTL (they get Age too). */
    static String cacheControl() {
        return "public, max-age=" + EDGE_TTL.toSeconds();
    }

    IBucket bucket() {
        return bucket;
    }

    Distribution distribution() {
        return distribution;
    }

    /** GC_PUBLIC_BASE_URL: cached objects are {@code {this}/{key}}. */
    String publicBaseUrl() {
        return publicBaseUrl;
    }
}
