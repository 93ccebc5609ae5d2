package wis2.gc.infra;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ObjectStoreTest {

    static Template dev;

    @BeforeAll
    static void synth() {
        dev = TestApps.dev().template();
    }

    @Test
    void bucket_blocksPublicAccessAndIsEncrypted() {
        dev.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))));
    }

    @Test
    void bucket_expiresObjectsAfterRetentionAndAbortsIncompleteUploads() {
        dev.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(Map.of(
                        "ExpirationInDays", TestApps.config("dev").retentionDays(),
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1),
                        "Status", "Enabled")))))));
    }

    @Test
    void bucket_refusesRequestsWithoutTls() {
        dev.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(
                Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void distribution_servesHttpsOnlyOnTheDomainThroughOriginAccessControl() {
        dev.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        dev.hasResourceProperties("AWS::CloudFront::Distribution", Match.objectLike(Map.of("DistributionConfig",
                Match.objectLike(Map.of(
                        "Aliases", List.of("cache.dev.gc.example.org"),
                        "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "https-only")),
                        "Origins", List.of(Match.objectLike(Map.of("OriginAccessControlId", Match.anyValue()))),
                        "ViewerCertificate", Map.of(
                                "AcmCertificateArn", TestApps.config("dev").certificates().cloudFrontArn(),
                                "MinimumProtocolVersion", "TLSv1.2_2021",
                                "SslSupportMethod", "sni-only"))))));
        dev.hasResourceProperties("AWS::Route53::RecordSet", Match.objectLike(Map.of(
                "Name", "cache.dev.gc.example.org.", "Type", "A")));
    }

    @Test
    void originAccess_mayListTheBucket_soAMissingKeyIs404NotS3s403() {
        dev.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(
                Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                        // one statement for both grants (cdk.json's @aws-cdk/aws-iam:minimizePolicies)
                        "Action", List.of("s3:GetObject", "s3:ListBucket"),
                        "Resource", Match.arrayWith(List.of(
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ObjectStoreBucket.*"),
                                "Arn")))))))))))));
        dev.hasResourceProperties("AWS::CloudFront::Distribution", Match.objectLike(Map.of("DistributionConfig",
                Match.objectLike(Map.of(
                        // "/" must not be S3's listing of the bucket
                        "DefaultRootObject", "index.html",
                        "CustomErrorResponses", List.of(
                                Map.of("ErrorCode", 404, "ErrorCachingMinTTL", (int) ObjectStore.ERROR_TTL.toSeconds()),
                                Map.of("ErrorCode", 403, "ErrorCachingMinTTL",
                                (int) ObjectStore.ERROR_TTL.toSeconds())))))));
    }

    @Test
    void distribution_answersGetAndHeadFromTheCacheKeyedOnThePathForAtMostTheEdgeTtl() {
        dev.hasResourceProperties("AWS::CloudFront::Distribution", Match.objectLike(Map.of("DistributionConfig",
                Match.objectLike(Map.of("DefaultCacheBehavior", Match.objectLike(Map.of(
                        "AllowedMethods", List.of("GET", "HEAD"),
                        "CachedMethods", List.of("GET", "HEAD"),
                        "CachePolicyId", Map.of("Ref", Match.stringLikeRegexp("ObjectStoreCachePolicy.*")),
                        "ResponseHeadersPolicyId",
                        Map.of("Ref", Match.stringLikeRegexp("ObjectStoreHeadersPolicy.*")))))))));
        int ttl = (int) ObjectStore.EDGE_TTL.toSeconds();
        dev.hasResourceProperties("AWS::CloudFront::CachePolicy", Match.objectLike(Map.of("CachePolicyConfig",
                Match.objectLike(Map.of(
                        "DefaultTTL", ttl, "MaxTTL", ttl, "MinTTL", 0,
                        "ParametersInCacheKeyAndForwardedToOrigin", Match.objectLike(Map.of(
                                "QueryStringsConfig", Map.of("QueryStringBehavior", "none"),
                                "HeadersConfig", Map.of("HeaderBehavior", "none"),
                                "CookiesConfig", Map.of("CookieBehavior", "none"))))))));
    }

    @Test
    void everyAnswer_carriesNosniffHstsAndTheEdgeTtlAsCacheControl() {
        dev.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", Match.objectLike(Map.of(
                "ResponseHeadersPolicyConfig", Match.objectLike(Map.of(
                        "SecurityHeadersConfig", Match.objectLike(Map.of(
                                "ContentTypeOptions", Map.of("Override", true),
                                "StrictTransportSecurity", Match.objectLike(Map.of("Override", true)))),
                        "CustomHeadersConfig", Map.of("Items", List.of(Map.of(
                                "Header", "Cache-Control", "Value", "public, max-age=300", "Override", true))))))));
        org.assertj.core.api.Assertions.assertThat(ObjectStore.cacheControl()).isEqualTo("public, max-age=300");
    }
}
