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

    /**
     * What the metrics endpoint is wired to, named (the CDK's props style) so that no two values can be swapped.
     */
    record Props(Network network, Path jar, GcConfig.Metrics settings, String centreId, String redisUrl,
            ISecret redisToken, String domain, String certificateArn, IHostedZone zone,
            boolean accountHasCloudWatchRole) {

        Props {
            Manager.Props.required(network, "MetricsApi.Props.network");
            Manager.Props.required(jar, "MetricsApi.Props.jar");
            Manager.Props.required(settings, "MetricsApi.Props.settings");
            Manager.Props.required(centreId, "MetricsApi.Props.centreId");
            Manager.Props.required(redisUrl, "MetricsApi.Props.redisUrl");
            Manager.Props.required(redisToken, "MetricsApi.Props.redisToken");
            Manager.Props.required(domain, "MetricsApi.Props.domain");
            Manager.Props.required(certificateArn, "MetricsApi.Props.certificateArn");
            Manager.Props.required(zone, "MetricsApi.Props.zone");
        }

        static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}; every value is required but {@code accountHasCloudWatchRole}. */
        static final class Builder {
            private Network network;
            private Path jar;
            private GcConfig.Metrics settings;
            private String centreId;
            private String redisUrl;
            private ISecret redisToken;
            private String domain;
            private String certificateArn;
            private IHostedZone zone;
            private boolean accountHasCloudWatchRole;

            private Builder() {
            }

            /** The VPC and its private subnets. */
            Builder network(Network value) {
                network = value;
                return this;
            }

            /** The metrics Lambda's shaded jar. */
            Builder jar(Path value) {
                jar = value;
                return this;
            }

            /** The environment file's {@code metrics} section. */
            Builder settings(GcConfig.Metrics value) {
                settings = value;
                return this;
            }

            /** Names the API; the function itself needs no centre-id (every series carries its own). */
            Builder centreId(String value) {
                centreId = value;
                return this;
            }

            /** {@code GC_REDIS_URL}. */
            Builder redisUrl(String value) {
                redisUrl = value;
                return this;
            }

            /** The Redis AUTH token's secret ({@code GC_REDIS_TOKEN_SECRET_ARN}). */
            Builder redisToken(ISecret value) {
                redisToken = value;
                return this;
            }

            /** The metrics endpoint's domain name. */
            Builder domain(String value) {
                domain = value;
                return this;
            }

            /** Its certificate, in the stack's region. */
            Builder certificateArn(String value) {
                certificateArn = value;
                return this;
            }

            /** The zone the domain's record goes in. */
            Builder zone(IHostedZone value) {
                zone = value;
                return this;
            }

            /** True when the account already has API Gateway's CloudWatch role (default false). */
            Builder accountHasCloudWatchRole(boolean value) {
                accountHasCloudWatchRole = value;
                return this;
            }

            Props build() {
                return new Props(network, jar, settings, centreId, redisUrl, redisToken, domain, certificateArn,
                        zone, accountHasCloudWatchRole);
            }
        }
    }

    MetricsApi(Construct scope, String id, Props props) {
        super(scope, id);
        Network network = props.network();
        GcConfig.Metrics settings = props.settings();
        String centreId = props.centreId();
        String redisUrl = props.redisUrl();
        ISecret redisToken = props.redisToken();
        String domain = props.domain();
        String certificateArn = props.certificateArn();
        IHostedZone zone = props.zone();
        boolean accountHasCloudWatchRole = props.accountHasCloudWatchRole();
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
                .code(Code.fromAsset(props.jar().toString()))
                .memorySize(settings.memoryMb())
                .timeout(Duration.seconds(10))
                .vpc(network.vpc())
                .vpcSubnets(network.privateSubnets())
                .securityGroups(List.of(securityGroup))
                .logGroup(LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build())
                // the function reads no centre-id: every series carries the report_by the manager wrote
                .environment(Map.of(
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
