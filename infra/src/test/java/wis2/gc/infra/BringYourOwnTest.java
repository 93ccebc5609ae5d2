package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The dev environment with every bring-your-own option set: an existing bucket, manager role and
 * NAT addresses, and an account whose API Gateway CloudWatch role is managed elsewhere.
 */
class BringYourOwnTest {

    static final String BUCKET = "landing-zone-wis2-cache";
    static final String ROLE = "arn:aws:iam::111111111111:role/landing-zone/gc-manager";
    static final List<String> EIPS = List.of("eipalloc-0123456789abcdef0");

    static TestApps.Built byo;
    static Template template;

    @BeforeAll
    static void synth() throws IOException {
        String dev = Files.readString(TestApps.CONFIG_DIR.resolve("dev.json"));
        String existing = "\"existing\": { \"bucketName\": \"" + BUCKET + "\", \"managerRoleArn\": \"" + ROLE
                + "\", \"natEipAllocationIds\": [\"" + EIPS.get(0) + "\"], \"apiGatewayCloudWatchRole\": true },\n"
                + "  \"terminationProtection\": false";
        assertThat(dev).contains("\"terminationProtection\": false");
        Path file = Files.createTempDirectory("gc-byo").resolve("byo.json");
        Files.writeString(file, dev.replace("\"terminationProtection\": false", existing));
        byo = TestApps.build("byo", GcConfig.load(file));
        template = byo.template();
    }

    @Test
    void existingBucket_isUsedNotCreated_andThePolicyItNeedsIsAnOutput() {
        template.resourceCountIs("AWS::S3::Bucket", 0);
        template.resourceCountIs("AWS::S3::BucketPolicy", 0);
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Handler", Manager.HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("GC_BUCKET", BUCKET))))));
        template.hasResourceProperties("AWS::CloudFront::Distribution", Match.objectLike(Map.of("DistributionConfig",
                Match.objectLike(Map.of("Origins", List.of(Match.objectLike(Map.of(
                        "DomainName", Match.stringLikeRegexp(BUCKET + "\\.s3\\..*")))))))));
        var outputs = template.findOutputs("*", Match.objectLike(Map.of("Description",
                Match.stringLikeRegexp(".*bucket " + BUCKET + " is not changed.*"))));
        assertThat(outputs).hasSize(1);
        String policy = outputs.values().iterator().next().get("Value").toString();
        assertThat(policy).contains("s3:GetObject").contains("s3:ListBucket").contains("cloudfront.amazonaws.com")
                .contains("AWS:SourceArn").contains("arn:aws:s3:::" + BUCKET);
    }

    @Test
    void existingManagerRole_getsTheCachePolicyAttachedAndNoRoleIsMadeForTheManager() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", Manager.HANDLER, "Role", ROLE)));
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Roles", List.of("gc-manager"),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Action", Match.arrayWith(List.of("sqs:ReceiveMessage")))),
                        Match.objectLike(Map.of("Action", List.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
                                "Resource", "arn:aws:s3:::" + BUCKET + "/*")))))))));
        assertThat(template.findResources("AWS::IAM::Role").keySet()).noneMatch(id -> id.startsWith("ManagerFunction"));
    }

    @Test
    void existingElasticIps_carryTheNatGateways_andNoneIsCreated() {
        template.resourceCountIs("AWS::EC2::EIP", 0);
        template.hasResourceProperties("AWS::EC2::NatGateway", Match.objectLike(Map.of("AllocationId", EIPS.get(0))));
        assertThat(template.findOutputs("*", Match.objectLike(Map.of("Value", EIPS.get(0))))).hasSize(1);
    }

    @Test
    void managedApiGatewayRole_isNotCreated() {
        template.resourceCountIs("AWS::ApiGateway::Account", 0);
        assertThat(template.findResources("AWS::IAM::Role").keySet()).noneMatch(id -> id.contains("CloudWatchRole"));
        // the shipped dev environment still makes it
        TestApps.dev().template().resourceCountIs("AWS::ApiGateway::Account", 1);
    }

    @Test
    void everyOption_staysCleanWithCdkNag() {
        var annotations = Annotations.fromStack(byo.stack());
        var pattern = Match.stringLikeRegexp("AwsSolutions-.*");
        assertThat(Stream.concat(annotations.findError("*", pattern).stream(), annotations.findWarning("*", pattern)
                .stream())
                .map(m -> m.getId() + ": " + m.getEntry().getData()).toList()).isEmpty();
    }
}
