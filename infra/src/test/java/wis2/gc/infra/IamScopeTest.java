package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Every IAM statement on SQS, S3 or Secrets Manager names its resources, in every environment. */
class IamScopeTest {

    private static final List<String> SCOPED_SERVICES = List.of("sqs:", "s3:", "secretsmanager:");

    @Test
    void statements_onQueuesBucketsAndSecretsNeverUseWildcardResources() {
        for (var built : List.of(TestApps.dev(), TestApps.prod())) {
            var statements = scopedStatements(built.template());
            assertThat(statements).as("statements in %s", built.stack().getStackName()).isNotEmpty();
            assertThat(statements).allSatisfy(s -> {
                assertThat(asList(s.get("Resource"))).as("resources of %s", s).doesNotContain("*");
                assertThat(asList(s.get("Action"))).as("actions of %s", s)
                        .noneMatch(a -> a.toString().endsWith(":*") || a.toString().equals("*"));
            });
        }
    }

    @Test
    void scopedStatements_findsAWildcardWhenThereIsOne() {
        var statement = Map.<String, Object>of("Effect", "Allow", "Action", "s3:GetObject", "Resource", "*");
        var document = Map.of("Resources", Map.of("P", Map.of("Type", "AWS::IAM::Policy", "Properties",
                Map.of("PolicyDocument", Map.of("Statement", List.of(statement))))));
        var found = scopedStatements(Template.fromJSON(document));
        assertThat(found).hasSize(1);
        assertThat(asList(found.get(0).get("Resource"))).contains("*");
    }

    /** Statements of identity policies (managed, inline, role inline) touching the scoped services. */
    static List<Map<?, ?>> scopedStatements(Template template) {
        var found = new ArrayList<Map<?, ?>>();
        var documents = new ArrayList<Object>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            template.findResources(type).values().forEach(r -> documents.add(props(r).get("PolicyDocument")));
        }
        template.findResources("AWS::IAM::Role").values().forEach(r -> asList(props(r).get("Policies"))
                .forEach(p -> documents.add(((Map<?, ?>) p).get("PolicyDocument"))));
        for (Object document : documents) {
            for (Object s : asList(((Map<?, ?>) document).get("Statement"))) {
                var statement = (Map<?, ?>) s;
                boolean scoped = asList(statement.get("Action")).stream()
                        .anyMatch(a -> SCOPED_SERVICES.stream().anyMatch(p -> a.toString().startsWith(p)));
                if (scoped) {
                    found.add(statement);
                }
            }
        }
        return found;
    }

    private static Map<?, ?> props(Map<String, Object> resource) {
        return (Map<?, ?>) resource.get("Properties");
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
    }
}
