package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both shipped environments synthesize offline: no context lookup is left for the CLI to do. */
class SynthTest {

    @Test
    void devAndProd_synthesizeWithoutLookups() {
        for (var built : List.of(TestApps.dev(), TestApps.prod())) {
            var assembly = built.app().synth();
            var stack = assembly.getStackByName(built.stack().getStackName());
            assertThat(Path.of(stack.getTemplateFullPath())).exists();
            assertThat(assembly.getManifest().getMissing()).as("context lookups").isNullOrEmpty();
            assertThat(stack.getEnvironment().getAccount()).matches("\\d{12}");
        }
        assertThat(TestApps.dev().stack().getStackName()).isEqualTo("gc-dev");
        assertThat(TestApps.prod().stack().getStackName()).isEqualTo("gc-prod");
    }

    /**
     * What `cdk diff` compares: an unchanged app must synthesize the same template again (asset
     * hashes included), so a diff against the deployed stack is empty.
     */
    @Test
    void unchangedApp_synthesizesTheSameTemplateTwice() {
        var again = TestApps.build("dev", TestApps.config("dev"));
        assertThat(again.template().toJSON()).isEqualTo(TestApps.dev().template().toJSON());
    }

    @Test
    void example_isAValidConfigurationWithPlaceholders() throws Exception {
        var config = TestApps.config("example");
        assertThat(config.certificates().regionalArn()).contains("REPLACE-WITH");
        assertThat(Files.readString(TestApps.CONFIG_DIR.resolve("example.json"))).contains("yourcentre");
    }
}
