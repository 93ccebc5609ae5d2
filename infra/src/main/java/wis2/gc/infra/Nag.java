package wis2.gc.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.Arrays;
import java.util.List;
import software.constructs.IConstruct;

/** Acknowledges one cdk-nag finding on one resource, always with the reason next to the code that causes it. */
final class Nag {

    private Nag() {}

    /**
     * @param resource the construct the finding is reported on (its children are covered too, so that
     *     an L2 construct's generated default policy is included)
     * @param rule the rule id, such as {@code AwsSolutions-IAM5}
     * @param reason why the finding is accepted
     * @param appliesTo for granular rules, the exact findings accepted (e.g. {@code Resource::*})
     */
    static void suppress(IConstruct resource, String rule, String reason, String... appliesTo) {
        var suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(Arrays.asList((Object[]) appliesTo));
        }
        NagSuppressions.addResourceSuppressions(resource, List.of(suppression.build()), true);
    }

    /** As {@link #suppress} for one granular finding whose text holds a generated logical id. */
    static void suppressMatching(IConstruct resource, String rule, String reason, String appliesToRegex) {
        var suppression = NagPackSuppression.builder().id(rule).reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex(appliesToRegex).build()))
                .build();
        NagSuppressions.addResourceSuppressions(resource, List.of(suppression), true);
    }
}
