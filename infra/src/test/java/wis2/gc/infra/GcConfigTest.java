package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wis2.gc.config.ConfigException;

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
        assertThat(config.globalBrokers()).extracting(GcConfig.GlobalBroker::name)
                .containsExactly("gb-a", "gb-b", "gb-c");
    }

    @Test
    void load_rejectsMissingFileNamingTheExample() {
        assertThatThrownBy(() -> GcConfig.load(dir.resolve("nope.json")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.json").hasMessageContaining("example.json");
    }

    @Test
    void load_rejectsBadAccountNamingTheKey() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"111111111111\"", "\"1111\"")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("account: ").hasMessageContaining("1111");
    }

    @Test
    void load_rejectsUnknownKey() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(
                variant("\"retentionDays\": 1,", "\"retentionDays\": 1, \"retentionDayz\": 3,")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("retentionDayz");
    }

    @Test
    void load_rejectsRetentionBelowOneDay() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"retentionDays\": 1", "\"retentionDays\": 0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("retentionDays: ");
    }

    @Test
    void load_rejectsCloudFrontCertificateOutsideUsEast1() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("arn:aws:acm:us-east-1:", "arn:aws:acm:eu-central-1:")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("certificates.cloudFrontArn");
    }

    @Test
    void load_rejectsZonesOfAnotherRegion() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"eu-central-1a\"", "\"eu-west-1a\"")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("eu-west-1a");
    }

    @Test
    void load_rejectsDuplicateGlobalBrokerNames() throws IOException {
        String twice =
                "{ \"name\": \"gb-a\", \"urlSecretName\": \"x/one\" }, { \"name\": \"gb-a\", \"urlSecretName\": "
                + "\"x/two\" }";
        assertThatThrownBy(() -> GcConfig.load(variant(
                "{ \"name\": \"gb-a\", \"urlSecretName\": \"gc-dev/global-broker/gb-a/url\" }", twice)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unique").hasMessageContaining("gb-a");
    }

    @Test
    void load_rejectsFifoBatchAboveTen() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"batchSize\": 10", "\"batchSize\": 11")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("manager.batchSize: ");
    }

    @Test
    void load_rejectsDownloadTimeoutsAndRetriesThatCannotFitTheManagerTimeout() throws IOException {
        // dev: a 60 s manager; one attempt of 59 s plus the 2 s reserve does not fit
        String tooLong = "\"maxConcurrency\": 5, \"download\": { \"connectTimeoutMs\": 5000, \"readTimeoutMs\": 10000,"
                + " \"totalTimeoutMs\": 59000, \"retries\": 2, \"retryBackoffMs\": 500, \"reserveMs\": 2000 }";
        assertThatThrownBy(() -> GcConfig.load(variant("\"maxConcurrency\": 5", tooLong)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("manager.download: ").hasMessageContaining("61000 ms");
        // three silent attempts of 5 s + 20 s and their backoffs do not fit either
        String tooManyRetries =
                "\"maxConcurrency\": 5, \"download\": { \"connectTimeoutMs\": 5000, \"readTimeoutMs\": 20000,"
                + " \"totalTimeoutMs\": 45000, \"retries\": 2, \"retryBackoffMs\": 500, \"reserveMs\": 2000 }";
        assertThatThrownBy(() -> GcConfig.load(variant("\"maxConcurrency\": 5", tooManyRetries)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("(retries + 1) x (connectTimeoutMs + readTimeoutMs)")
                .hasMessageContaining("78500 ms");
    }

    @Test
    void load_fillsInTheManagersDownloadDefaults_whichFitEveryShippedEnvironment() {
        for (String env : new String[] {"dev", "prod", "example"}) {
            var manager = TestApps.config(env).manager();
            assertThat(manager.download()).isEqualTo(GcConfig.Download.DEFAULTS);
            assertThat(manager.sourceAttempts()).isEqualTo(3);
        }
    }

    @Test
    void load_rejectsSourceAttemptsThatWouldReachTheDlq() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(
                variant("\"maxConcurrency\": 5", "\"maxConcurrency\": 5, \"sourceAttempts\": 5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("manager.sourceAttempts: ").hasMessageContaining("queue.maxReceiveCount");
    }

    @Test
    void load_addIntegrity_defaultsToTrueAndCanBeTurnedOff() throws IOException {
        assertThat(TestApps.config("dev").manager().addIntegrity()).isTrue();
        GcConfig off = GcConfig.load(variant("\"batchSize\": 10", "\"batchSize\": 10, \"addIntegrity\": false"));
        assertThat(off.manager().addIntegrity()).isFalse();
    }

    @Test
    void load_rejectsACeilingAboveTheManagersTmp() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(
                variant("\"maxObjectBytes\": 104857600", "\"maxObjectBytes\": 536870913")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("maxObjectBytes: ").hasMessageContaining("536870912");
    }

    @Test
    void load_defaultsToNothingExistingWithInterfaceEndpointsAndTerminationProtection() {
        var example = TestApps.config("example");
        assertThat(example.existing().bucketName()).isNull();
        assertThat(example.existing().natEipAllocationIds()).isEmpty();
        assertThat(example.vpc().interfaceEndpoints()).isTrue();
        var dev = TestApps.config("dev");
        assertThat(dev.vpc().interfaceEndpoints()).isFalse();
        assertThat(dev.terminationProtection()).isFalse();
        assertThat(TestApps.config("prod").existing().apiGatewayCloudWatchRole()).isTrue();
    }

    @Test
    void load_rejectsElasticIpsThatDoNotMatchTheNatGateways() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"terminationProtection\": false",
                "\"terminationProtection\": false, \"existing\": { \"natEipAllocationIds\": [\"eipalloc-0a\", "
                + "\"eipalloc-0b\"] }")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("existing.natEipAllocationIds: ")
                .hasMessageContaining("one allocation id per NAT gateway");
    }

    @Test
    void load_rejectsAMalformedElasticIpAllocation() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"terminationProtection\": false",
                "\"terminationProtection\": false, \"existing\": { \"natEipAllocationIds\": [\"198.51.100.7\"] }")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("existing.natEipAllocationIds: ").hasMessageContaining("198.51.100.7");
    }

    @Test
    void load_rejectsAManagerRoleOfAnotherAccount() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"terminationProtection\": false",
                "\"terminationProtection\": false, \"existing\": { \"managerRoleArn\": "
                + "\"arn:aws:iam::999999999999:role/x\" }")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("existing.managerRoleArn: ").hasMessageContaining("111111111111");
    }

    @Test
    void load_rejectsAnInvalidBucketName() throws IOException {
        assertThatThrownBy(() -> GcConfig.load(variant("\"terminationProtection\": false",
                "\"terminationProtection\": false, \"existing\": { \"bucketName\": \"Not_A_Bucket\" }")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("existing.bucketName: ").hasMessageContaining("Not_A_Bucket");
    }

    @Test
    void load_rejectsRouteTablesThatAreNotOnePerPrivateSubnet() throws IOException {
        String prod = Files.readString(TestApps.CONFIG_DIR.resolve("prod.json"));
        String one = "\"privateRouteTableIds\": [\"rtb-0ccccccccccccccc1\"]";
        assertThat(prod).contains("\"privateRouteTableIds\": [\"rtb-0ccccccccccccccc1\", \"rtb-0ccccccccccccccc2\"]");
        Path file = Files.writeString(dir.resolve("prod-variant.json"), prod.replace(
                "\"privateRouteTableIds\": [\"rtb-0ccccccccccccccc1\", \"rtb-0ccccccccccccccc2\"]", one));
        assertThatThrownBy(() -> GcConfig.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vpc.imported.privateRouteTableIds: ").hasMessageContaining("one route table id");
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
                .isInstanceOf(ConfigException.class).hasMessageContaining("globalReplay.url: ");
        assertThatThrownBy(() -> GcConfig.load(variant("\"alarmEmail\": null",
                "\"alarmEmail\": null, \"globalReplay\": { \"url\": \"https://replay.example.org\", \"maxGapHours\": 100 }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("globalReplay.maxGapHours: ");
    }

    private Path variant(String from, String to) throws IOException {
        String text = Files.readString(TestApps.CONFIG_DIR.resolve("dev.json"));
        assertThat(text).contains(from);
        return Files.writeString(dir.resolve("variant.json"), text.replace(from, to));
    }
}
