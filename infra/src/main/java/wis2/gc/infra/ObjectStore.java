package wis2.gc.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.CloudFrontTarget;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Storage and the download service: a private, encrypted bucket whose objects expire after the
 * retention time, served only through CloudFront (origin access control) on the cache's domain
 * over HTTPS.
 */
final class ObjectStore extends Construct {

    private final Bucket bucket;
    private final Distribution distribution;
    private final String publicBaseUrl;

    ObjectStore(Construct scope, String id, int retentionDays, String domain, String certificateArn, IHostedZone zone) {
        super(scope, id);
        bucket = Bucket.Builder.create(this, "Bucket")
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
        Nag.suppress(bucket, "AwsSolutions-S1", "Only CloudFront reads and only the manager writes; reads are"
                + " public open data, and the manager's own logs and metrics record every write.");
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("WIS2 Global Cache downloads (" + domain + ")")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .compress(false)
                        .build())
                .domainNames(List.of(domain))
                .certificate(Certificate.fromCertificateArn(this, "Certificate", certificateArn))
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_ALL)
                .build();
        Nag.suppress(distribution, "AwsSolutions-CFR1", "WIS2 data is for the whole world: no geo restriction.");
        Nag.suppress(distribution, "AwsSolutions-CFR2", "Read-only public downloads of cached open data; WAF is"
                + " an operator's choice and cost, not needed for GET of static objects.");
        Nag.suppress(distribution, "AwsSolutions-CFR3", "Download volume makes access logs a major cost; the"
                + " manager's metrics count what is cached, CloudFront's own metrics count what is served.");
        var target = RecordTarget.fromAlias(new CloudFrontTarget(distribution));
        ARecord.Builder.create(this, "Alias").zone(zone).recordName(domain).target(target).build();
        AaaaRecord.Builder.create(this, "AliasV6").zone(zone).recordName(domain).target(target).build();
        publicBaseUrl = "https://" + domain;
    }

    Bucket bucket() {
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
