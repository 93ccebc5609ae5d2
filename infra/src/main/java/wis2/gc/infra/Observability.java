package wis2.gc.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What an operator looks at: one CloudWatch dashboard and the alarms, each alarm sending to an
 * SNS topic when an alarm address is configured.
 */
final class Observability extends Construct {

    private static final Duration PERIOD = Duration.minutes(1);

    private final List<Alarm> alarms = new ArrayList<>();
    private final Topic topic;

    Observability(Construct scope, String id, String centreId, WorkQueue queue, Manager manager, MetricsApi metrics,
            Broker broker, Listeners listeners, CacheState cacheState, String alarmEmail) {
        super(scope, id);
        var fn = manager.function();
        alarms.add(queue.deadLetterAlarm());
        alarms.add(queue.oldestMessageAlarm());
        alarms.add(manager.ownNetworkAlarm());
        alarms.add(alarm("ManagerErrors", "The manager Lambda failed whole invocations (crash, timeout, cold start"
                + " error): look at its log group.", fn.metricErrors(sum()), 0, 5));
        alarms.add(alarm("ManagerThrottles", "The manager Lambda is throttled: raise the account's concurrency"
                + " limit or lower manager.maxConcurrency.", fn.metricThrottles(sum()), 0, 5));
        alarms.add(alarm("MetricsApi5xx", "The metrics endpoint answers with server errors: Redis unreachable?",
                metrics.api().metricServerError(sum()), 0, 5));
        alarms.add(belowAlarm("BrokerTasks", "Fewer than " + Broker.TASKS + " EMQX tasks run: subscribers may be"
                + " cut off; look at the broker service's events.", runningTasks(broker.service()), Broker.TASKS));
        for (FargateService service : listeners.services()) {
            String name = service.getNode().getId();
            alarms.add(belowAlarm(name + "Tasks", "The listener " + name + " does not run: notifications from that"
                    + " Global Broker are not received.", runningTasks(service), 1));
        }
        alarms.addAll(listeners.alarms());
        // the constructs' own alarms: load balancer targets, session queues, broker memory; Redis
        alarms.addAll(broker.alarms());
        alarms.addAll(cacheState.alarms());

        if (alarmEmail != null) {
            // CloudWatch can only publish to a topic encrypted with a key whose policy lets it
            var key = Key.Builder.create(this, "TopicKey").enableKeyRotation(true)
                    .description("Encrypts the Global Cache alarm topic").build();
            key.addToResourcePolicy(PolicyStatement.Builder.create()
                    .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                    .resources(List.of("*"))
                    .build());
            topic = Topic.Builder.create(this, "Alarms").displayName(centreId + " alarms")
                    .masterKey(key).enforceSsl(true).build();
            topic.addSubscription(new EmailSubscription(alarmEmail));
            var action = new SnsAction(topic);
            alarms.forEach(a -> {
                a.addAlarmAction(action);
                a.addOkAction(action);
            });
        } else {
            topic = null;
        }

        var dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(centreId + "-global-cache").build();
        dashboard.addWidgets(
                graph("Queue depth", queue.queue().metricApproximateNumberOfMessagesVisible(max()),
                        queue.queue().metricApproximateNumberOfMessagesNotVisible(max())),
                graph("Oldest queued message (s)", queue.queue().metricApproximateAgeOfOldestMessage(max())),
                graph("Dead-letter queue", queue.deadLetters().metricApproximateNumberOfMessagesVisible(max())));
        dashboard.addWidgets(
                graph("Manager invocations and errors", fn.metricInvocations(sum()), fn.metricErrors(sum()),
                        fn.metricThrottles(sum())),
                graph("Manager duration (ms)", fn.metricDuration(MetricOptions.builder().statistic("p50").build()),
                        fn.metricDuration(MetricOptions.builder().statistic("p99").build())),
                graph("Manager concurrency", fn.metric("ConcurrentExecutions", max())));
        var tasks = new ArrayList<IMetric>();
        tasks.add(runningTasks(broker.service()));
        listeners.services().forEach(s -> tasks.add(runningTasks(s)));
        dashboard.addWidgets(
                graph("Broker connections and sessions", broker.metric("connections", "Sum"),
                        broker.metric("sessions", "Sum")),
                graph("Broker messages per minute", broker.metric("messages_received", "Sum"),
                        broker.metric("messages_sent", "Sum"), broker.metric("delivery_dropped_queue_full", "Sum")),
                graph("Redis memory (%)", cacheState.alarms().get(0).getMetric()));
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Running tasks (broker, listeners)").left(tasks).width(8).build(),
                graph("Metrics API requests and 5xx", metrics.api().metricCount(sum()), metrics.api()
                .metricServerError(sum())),
                // the manager logs one outcome label per notification (Outcome.label(), e.g. outcome=cached)
                LogQueryWidget.Builder.create().title("Outcomes (manager log)").width(8)
                        .logGroupNames(List.of(manager.logGroup().getLogGroupName()))
                        .queryLines(List.of(
                                "parse @message /outcome[\"=: ]+(?<outcome>[a-z_]+)/",
                                "filter ispresent(outcome)",
                                "stats count() by outcome"))
                        .build());
    }

    /** The alarms, for tests and for wiring more actions. */
    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    /** The alarm topic, or null when no alarm address is configured. */
    Topic topic() {
        return topic;
    }

    private Alarm alarm(String id, String description, IMetric metric, double threshold, int periods) {
        return Alarm.Builder.create(this, id).alarmDescription(description).metric(metric).threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).evaluationPeriods(periods)
                .datapointsToAlarm(Math.min(periods, 3))
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
    }

    private Alarm belowAlarm(String id, String description, IMetric metric, double minimum) {
        return Alarm.Builder.create(this, id).alarmDescription(description).metric(metric).threshold(minimum)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD).evaluationPeriods(5)
                .treatMissingData(TreatMissingData.BREACHING).build();
    }

    private static IMetric runningTasks(FargateService service) {
        return Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount")
                // sorted: the alarm's dimensions are a list, and Map.of's order varies between JVMs
                .dimensionsMap(new TreeMap<>(Map.of("ClusterName", service.getCluster().getClusterName(),
                        "ServiceName", service.getServiceName())))
                .statistic("Minimum").period(PERIOD).label(service.getNode().getId()).build();
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    }

    private static MetricOptions max() {
        return MetricOptions.builder().statistic("Maximum").period(PERIOD).build();
    }
}
