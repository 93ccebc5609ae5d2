package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcConfigTest {

    @TempDir
    Path dir;

    @Test
    void load_readsEveryShippedEnvironment() {
        for (String env : new String[] {"dev", "prod", "example"}) {
            var config = TestApps.config(env);
            assertThat(config.globalBrokers()).isNotEmpty();
            assertThat(config.retentionHours()).isGreaterThanOrEqualTo(24);
        }
    }

    @Test
    void load_prodImportsItsVpcByIds() {
        var config = TestApps.config("prod");
        assertThat(config.vpc().create()).isNull();
        assertThat(config.vpc().imported().privateSubnetIds()).hasSize(2);
        assertThat(config.globalBrokers()).extracting(GcConfig.GlobalBroker::name).containsExactly("gb-a", "gb-b", "gb-c");
    }

    @Test
    void load_rejectsMissingFileNamingTheExample() {
        assertThatThrownBy(() -> GcConfig.load(dir.resolve("nope.json")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("nope.json").hasMessageContaining("example.json");
    }

    @Test
    void load_rejectsBadAccountNamingTheKey() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"111111111111\"", "\"1111\"")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'account'").hasMessageContaining("1111");
    }

    @Test
    void load_rejectsUnknownKey() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"retentionDays\": 1,", "\"retentionDays\": 1, \"retentionDayz\": 3,")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("retentionDayz");
    }

    @Test
    void load_rejectsRetentionBelowOneDay() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"retentionDays\": 1", "\"retentionDays\": 0")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'retentionDays'");
    }

    @Test
    void load_rejectsCloudFrontCertificateOutsideUsEast1() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("arn:aws:acm:us-east-1:", "arn:aws:acm:eu-central-1:")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("certificates.cloudFrontArn");
    }

    @Test
    void load_rejectsZonesOfAnotherRegion() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"eu-central-1a\"", "\"eu-west-1a\"")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("eu-west-1a");
    }

    @Test
    void load_rejectsDuplicateGlobalBrokerNames() throws IOException {
        String twice = "{ \"name\": \"gb-a\", \"urlSecretName\": \"x/one\" }, { \"name\": \"gb-a\", \"urlSecretName\": \"x/two\" }";
        assertThatThrownBy(() -> GcConfig.load(variant(
                "{ \"name\": \"gb-a\", \"urlSecretName\": \"gc-dev/global-broker/gb-a/url\" }", twice)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unique").hasMessageContaining("gb-a");
    }

    @Test
    void load_rejectsFifoBatchAboveTen() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"batchSize\": 10", "\"batchSize\": 11")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'manager.batchSize'");
    }

    /** dev.json with one text replaced. */
    @Test
    void load_readsTheGlobalReplayOptionsAndLeavesThemOutWhereAbsent() {
        var replay = TestApps.config("prod").globalReplay();
        assertThat(replay.url()).isEqualTo("https://replay.example.org");
        assertThat(replay.marginMinutes()).isEqualTo(5);
        assertThat(replay.maxGapHours()).isEqualTo(6);
        assertThat(TestApps.config("dev").globalReplay()).isNull();
    }

    @Test
    void load_rejectsAGlobalReplayUrlWithCredentialsOrAGapOverThreeDays() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"alarmEmail\": null",
                "\"alarmEmail\": null, \"globalReplay\": { \"url\": \"https://u:p@replay.example.org\" }")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'globalReplay.url'");
        assertThatThrownBy(() -> GcConfig.load(variant("\"alarmEmail\": null",
                "\"alarmEmail\": null, \"globalReplay\": { \"url\": \"https://replay.example.org\", \"maxGapHours\": 100 }")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'globalReplay.maxGapHours'");
    }

    private Path variant(String from, String to) throws IOException {
        String text = Files.readString(TestApps.CONFIG_DIR.resolve("dev.json"));
        assertThat(text).contains(from);
        return Files.writeString(dir.resolve("variant.json"), text.replace(from, to));
    }
}
