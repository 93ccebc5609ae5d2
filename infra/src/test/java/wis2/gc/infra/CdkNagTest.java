package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.s3.Bucket;

/** cdk-nag's AwsSolutions pack runs on the whole app; any finding not acknowledged with a reason fails. */
class CdkNagTest {

    @Test
    void awsSolutions_hasNoUnacknowledgedFindingInAnyEnvironment() {
        for (var built : List.of(TestApps.dev(), TestApps.prod())) {
            assertThat(findings(Annotations.fromStack(built.stack())))
                    .as("unacknowledged cdk-nag findings in %s", built.stack().getStackName())
                    .isEmpty();
        }
    }

    @Test
    void awsSolutions_reportsANewFinding() {
        var app = new App();
        var stack = new Stack(app, "Probe");
        Bucket.Builder.create(stack, "Plain").build();
        Aspects.of(app).add(new AwsSolutionsChecks());
        assertThat(findings(Annotations.fromStack(stack))).anyMatch(m -> m.contains("AwsSolutions-S1"));
    }

    private static List<String> findings(Annotations annotations) {
        var pattern = Match.stringLikeRegexp("AwsSolutions-.*");
        return Stream.concat(annotations.findError("*", pattern).stream(), annotations.findWarning("*", pattern)
                .stream())
                .map(CdkNagTest::describe)
                .toList();
    }

    private static String describe(SynthesisMessage m) {
        return m.getId() + ": " + m.getEntry().getData();
    }
}
