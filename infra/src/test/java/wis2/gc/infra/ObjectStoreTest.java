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
}
