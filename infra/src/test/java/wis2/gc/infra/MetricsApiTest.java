package wis2.gc.infra;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class MetricsApiTest {

    static Template dev;

    @BeforeAll
    static void synth() {
        dev = TestApps.dev().template();
    }

    @Test
    void api_offersOnlyGetMetrics() {
        dev.resourceCountIs("AWS::ApiGateway::Method", 1);
        dev.resourceCountIs("AWS::ApiGateway::Resource", 1);
        dev.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "GET", "ResourceId", Map.of("Ref", Match.stringLikeRegexp("MetricsApimetrics.*")))));
        dev.hasResourceProperties("AWS::ApiGateway::Resource", Match.objectLike(Map.of("PathPart", "metrics")));
    }

    @Test
    void api_isThrottledOnItsOwnDomainOnly() {
        var settings = TestApps.config("dev").metrics();
        dev.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of("MethodSettings",
                Match.arrayWith(java.util.List.of(Match.objectLike(Map.of(
                        "ThrottlingRateLimit", settings.throttleRatePerSecond(),
                        "ThrottlingBurstLimit", settings.throttleBurst())))))));
        dev.hasResourceProperties("AWS::ApiGateway::RestApi",
                Match.objectLike(Map.of("DisableExecuteApiEndpoint", true)));
        dev.hasResourceProperties("AWS::ApiGateway::DomainName", Match.objectLike(Map.of(
                "DomainName", "metrics.dev.gc.example.org",
                "SecurityPolicy", "TLS_1_2",
                "RegionalCertificateArn", TestApps.config("dev").certificates().regionalArn())));
    }

    @Test
    void function_getsTheMetricsVariables() {
        dev.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", MetricsApi.HANDLER, "Runtime", "java21",
                "Environment", Map.of("Variables", Map.of(
                        // the function reads no centre-id (every series carries its report_by)
                        "GC_CENTRE_ID", Match.absent(),
                        "GC_REDIS_URL", Match.anyValue(),
                        "GC_REDIS_TOKEN_SECRET_ARN",
                        Map.of("Ref", Match.stringLikeRegexp("CacheStateAuthToken.*")))))));
    }
}
