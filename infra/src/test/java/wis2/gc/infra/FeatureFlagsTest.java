package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import tools.jackson.databind.ObjectMapper;

/**
 * cdk.json sets every feature flag the aws-cdk-lib in use recommends, so `cdk synth` prints no
 * "feature flags are not configured" notice and new projects' defaults apply. The recommended set
 * is read from the library itself (the file `cdk init` copies), so a version bump that brings new
 * flags fails here until cdk.json has them.
 */
class FeatureFlagsTest {

    private static final String RECOMMENDED = "package/recommended-feature-flags.json";

    @Test
    void cdkJson_setsEveryRecommendedFlagToItsRecommendedValue() throws Exception {
        Map<String, Object> recommended = recommendedFlags();
        assertThat(recommended).hasSizeGreaterThan(50);
        assertThat(TestApps.cdkJsonContext()).containsAllEntriesOf(recommended);
    }

    @Test
    void testApps_synthesizeWithTheFlags() {
        assertThat(TestApps.dev().app().getNode().tryGetContext("@aws-cdk/aws-iam:minimizePolicies")).isEqualTo(true);
    }

    /** The library's recommended-feature-flags.json, from the jsii bundle inside the aws-cdk-lib jar. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> recommendedFlags() throws Exception {
        Path jar = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (var file = new JarFile(jar.toFile())) {
            var bundle = file.stream().filter(e -> e.getName().endsWith(".jsii.tgz")).findFirst().orElseThrow();
            try (InputStream tgz = new GZIPInputStream(file.getInputStream(bundle), 1 << 16)) {
                byte[] json = tarEntry(tgz, RECOMMENDED);
                return new ObjectMapper().readValue(json, Map.class);
            }
        }
    }

    /** The content of one entry of a tar stream (ustar headers, as npm packs them). */
    static byte[] tarEntry(InputStream tar, String name) throws IOException {
        var in = new DataInputStream(tar);
        byte[] header = new byte[512];
        while (true) {
            try {
                in.readFully(header);
            } catch (EOFException e) {
                throw new IOException(name + " is not in the bundle", e);
            }
            String entry = field(header, 0, 100);
            if (entry.isEmpty()) {
                throw new IOException(name + " is not in the bundle");
            }
            String prefix = field(header, 345, 155);
            String full = prefix.isEmpty() ? entry : prefix + "/" + entry;
            long size = Long.parseLong(field(header, 124, 12).trim(), 8);
            long padded = (size + 511) / 512 * 512;
            if (full.equals(name)) {
                byte[] content = new byte[(int) size];
                in.readFully(content);
                return content;
            }
            in.skipNBytes(padded);
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
