package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ssm.StringParameter;

/**
 * No secret value and no password reaches a template or an environment variable: secrets are
 * generated in Secrets Manager, referenced by ARN or name, and resolved by CloudFormation, ECS or
 * the programs at run time.
 */
class NoSecretsTest {

    /** A value that must never appear: the app would only ever see it if it read a secret's value. */
    private static final String FAKE_SECRET = "fake-S3cret-value-7d1f";

    @Test
    void secrets_areGeneratedNeverGivenAsValues() {
        for (var built : List.of(TestApps.dev(), TestApps.prod())) {
            var secrets = built.template().findResources("AWS::SecretsManager::Secret");
            assertThat(secrets).isNotEmpty();
            assertThat(secrets.values()).allSatisfy(s -> assertThat(TestApps.props(s))
                    .doesNotContainKey("SecretString").containsKey("GenerateSecretString"));
        }
    }

    @Test
    void environmentVariables_holdNoPasswordTokenOrCookie() {
        for (var built : List.of(TestApps.dev(), TestApps.prod())) {
            var variables = new ArrayList<Map.Entry<String, String>>();
            built.template().findResources("AWS::Lambda::Function").values().forEach(f -> {
                var env = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) f.get("Properties")).get("Environment"))
                        .get("Variables");
                env.forEach((k, v) -> variables.add(Map.entry(k.toString(), v.toString())));
            });
            built.template().findResources("AWS::ECS::TaskDefinition").values().forEach(t -> {
                for (Object c : (List<?>) ((Map<?, ?>) t.get("Properties")).get("ContainerDefinitions")) {
                    for (Object e : (List<?>) ((Map<?, ?>) c).get("Environment")) {
                        var entry = (Map<?, ?>) e;
                        variables.add(Map.entry(entry.get("Name").toString(), entry.get("Value").toString()));
                    }
                }
            });
            assertThat(variables).isNotEmpty().allSatisfy(v -> {
                assertThat(v.getKey()).as("variable name").satisfiesAnyOf(
                        name -> assertThat(name).doesNotContainPattern("PASSWORD|TOKEN|COOKIE|SECRET"),
                        name -> assertThat(name).endsWith("_SECRET_ARN"));
                assertThat(v.getValue()).as(v.getKey()).doesNotContain("{{resolve:").doesNotContainPattern("://[^/]*@");
            });
        }
    }

    @Test
    void synthesizedFiles_containNoKnownSecretValue() throws IOException {
        Path dir = Path.of(TestApps.dev().app().synth().getDirectory());
        // EMQX's and WIS2's well-known defaults, and what a literal secret would look like
        for (String text : List.of("\"SecretString\"", "emqxsecretcookie", "\"everyone\"", FAKE_SECRET)) {
            assertThat(hits(dir, text)).as(text).isEmpty();
        }
    }

    @Test
    void hits_findsAKnownValueWhereOneIsSynthesized() throws IOException {
        Path out = Files.createTempDirectory("gc-cdk-canary");
        var app = new App(AppProps.builder().outdir(out.toString()).analyticsReporting(false).build());
        StringParameter.Builder.create(new Stack(app, "Canary"), "Leak").stringValue(FAKE_SECRET).build();
        app.synth();
        assertThat(hits(out, FAKE_SECRET)).isNotEmpty();
    }

    private static List<Path> hits(Object dir, String text) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(dir.toString()), 1)) {
            return files.filter(f -> f.toString().endsWith(".json")).filter(f -> {
                try {
                    return Files.readString(f).contains(text);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
