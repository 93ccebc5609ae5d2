package wis2.gc.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.DomainNameOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.SecurityPolicy;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.ApiGateway;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The metrics endpoint: a Lambda rendering the counters from Redis, behind a REST API that offers
 * only {@code GET /metrics}, throttled, on the cache's metrics domain (the default execute-api
 * endpoint is switched off).
 */
final class MetricsApi extends Construct {

    static final String HANDLER = "wis2.gc.metrics.MetricsHandler::handleRequest";

    private final Function function;
    private final RestApi api;
    private final SecurityGroup securityGroup;

    MetricsApi(Construct scope, String id, Network network, Path jar, GcConfig.Metrics settings, String centreId,
            String redisUrl, ISecret redisToken, String domain, String certificateArn, IHostedZone zone,
            boolean accountHasCloudWatchRole) {
        super(scope, id);
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("Metrics Lambda: Redis and Secrets Manager only")
                .allowAllOutbound(false)
                .build();
        // Secrets Manager: its interface endpoint where configured, else through the NAT gateways
        securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to Secrets Manager");
        function = Function.Builder.create(this, "Function")
                .description("WIS2 Global Cache metrics (OpenMetrics text from Redis)")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(jar.toString()))
                .memorySize(settings.memoryMb())
                .timeout(Duration.seconds(10))
                .vpc(network.vpc())
                .vpcSubnets(network.privateSubnets())
                .securityGroups(List.of(securityGroup))
                .logGroup(LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build())
                .environment(Map.of(
                        "GC_CENTRE_ID", centreId,
                        "GC_REDIS_URL", redisUrl,
                        "GC_REDIS_TOKEN_SECRET_ARN", redisToken.getSecretArn()))
                .build();
        Manager.suppressLambdaFindings(function);
        redisToken.grantRead(function);

        api = RestApi.Builder.create(this, "Api")
                .restApiName(centreId + "-metrics")
                .description("WIS2 Global Cache metrics: GET /metrics only")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .disableExecuteApiEndpoint(true)
                // API Gateway's CloudWatch role is one per account and region: a landing zone may own it
                .cloudWatchRole(!accountHasCloudWatchRole)
                .deployOptions(StageOptions.builder()
                        .stageName("prod")
                        .throttlingRateLimit(settings.throttleRatePerSecond())
                        .throttlingBurstLimit(settings.throttleBurst())
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .metricsEnabled(true)
                        .accessLogDestination(new LogGroupLogDestination(LogGroup.Builder.create(this, "AccessLogs")
                                .retention(RetentionDays.ONE_MONTH).build()))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .domainName(DomainNameOptions.builder()
                        .domainName(domain)
                        .certificate(Certificate.fromCertificateArn(this, "Certificate", certificateArn))
                        .endpointType(EndpointType.REGIONAL)
                        .securityPolicy(SecurityPolicy.TLS_1_2)
                        .build())
                .build();
        // the default execute-api endpoint is disabled: its URL output would only mislead
        api.getNode().tryRemoveChild("Endpoint");
        var validator = api.addRequestValidator("Validator", RequestValidatorOptions.builder()
                .validateRequestBody(true).validateRequestParameters(true).build());
        var get = api.getRoot().addResource("metrics").addMethod("GET", new LambdaIntegration(function),
                MethodOptions.builder().requestValidator(validator).build());
        Nag.suppress(get, "AwsSolutions-APIG4", "The WIS2 metrics are public: the Global Monitor scrapes them"
                + " without credentials. Only GET /metrics exists and it is throttled.");
        Nag.suppress(get, "AwsSolutions-COG4", "Public endpoint for the WIS2 Global Monitor: no user pool.");
        Nag.suppress(api.getDeploymentStage(), "AwsSolutions-APIG3", "One throttled read-only GET of a small text"
                + " page; WAF would cost more than the API.");
        if (!accountHasCloudWatchRole) {
            Nag.suppress(api.getNode().findChild("CloudWatchRole"), "AwsSolutions-IAM4", "API Gateway's account-level"
                    + " role for execution logs needs AWS's push-to-CloudWatch policy.",
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        }
        ARecord.Builder.create(this, "Alias").zone(zone).recordName(domain)
                .target(RecordTarget.fromAlias(new ApiGateway(api))).build();
    }

    Function function() {
        return function;
    }

    RestApi api() {
        return api;
    }

    SecurityGroup securityGroup() {
        return securityGroup;
    }
}
