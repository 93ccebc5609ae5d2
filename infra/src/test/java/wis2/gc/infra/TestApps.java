package wis2.gc.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import tools.jackson.databind.ObjectMapper;

/**
 * The dev and prod apps, each synthesized once per test JVM (synth through jsii takes seconds)
 * and shared by every test class. Assets are stand-in files in a temp dir, so the tests do not
 * depend on the other modules having been built; the EMQX image is the real emqx-config.
 */
final class TestApps {

    static final Path CONFIG_DIR = Path.of("config");
    static final Path EMQX_CONFIG = Path.of("../emqx-config");
    static final Path CDK_JSON = Path.of("../cdk.json");

    record Built(App app, GlobalCacheStack stack, Template template) {}

    private static Built dev;
    private static Built prod;

    private TestApps() {}

    static synchronized Built dev() {
        if (dev == null) {
            dev = build("dev");
        }
        return dev;
    }

    static synchronized Built prod() {
        if (prod == null) {
            prod = build("prod");
        }
        return prod;
    }

    /** The properties of a resource found in a template, as a typed map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
    }

    /** A map inside a template value, typed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static GcConfig config(String env) {
        return GcConfig.load(CONFIG_DIR.resolve(env + ".json"));
    }

    private static Built build(String env) {
        return build(env, config(env));
    }

    /** An app for {@code config} under the name {@code env}, synthesized as the CLI would. */
    static Built build(String env, GcConfig config) {
        try {
            Path out = Files.createTempDirectory("gc-cdk-" + env);
            // the CLI hands cdk.json's context (the feature flags) to the app: the tests synthesize the same
            var app = new App(AppProps.builder().outdir(out.toString()).analyticsReporting(false)
                    .context(cdkJsonContext()).build());
            var stack = GlobalCacheApp.build(app, env, config, fakeAssets());
            return new Built(app, stack, Template.fromStack(stack));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code context} of cdk.json: feature flags and CLI settings. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        return (Map<String, Object>) new ObjectMapper().readValue(CDK_JSON, Map.class).get("context");
    }

    /** Stand-in jars and listener Dockerfile, laid out as in the repository. */
    static AssetPaths fakeAssets() {
        try {
            Path root = Files.createTempDirectory("gc-assets");
            Path manager = write(root.resolve("manager.jar"), "stand-in manager jar");
            Path metrics = write(root.resolve("metrics.jar"), "stand-in metrics jar");
            Path listener = Files.createDirectories(root.resolve("client-service"));
            write(listener.resolve("Dockerfile"), "FROM scratch\n");
            return new AssetPaths(manager, metrics, listener, EMQX_CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
