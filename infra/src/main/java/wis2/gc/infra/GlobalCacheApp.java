package wis2.gc.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import wis2.gc.config.ConfigException;

/**
 * The CDK app. {@code cdk synth|deploy -c env=NAME} reads {@code infra/config/NAME.json}; the
 * optional {@code -c assetRoot=DIR} takes the jars and Dockerfiles from another tree of the same
 * layout. cdk-nag's AwsSolutions checks run on every synth.
 */
public final class GlobalCacheApp {

    private GlobalCacheApp() {}

    public static void main(String[] args) {
        var app = new App();
        try {
            String env = context(app, "env");
            if (env == null || !env.matches("[a-z0-9-]+")) {
                throw new ConfigException("env", "pass the environment with -c env=NAME (NAME.json under"
                        + " infra/config). Found: " + env);
            }
            Path root = repositoryRoot(Path.of("").toAbsolutePath());
            var config = GcConfig.load(root.resolve("infra/config").resolve(env + ".json"));
            String assetRoot = context(app, "assetRoot");
            var assets = AssetPaths.under(assetRoot == null ? root : Path.of(assetRoot));
            build(app, env, config, assets);
        } catch (ConfigException | MissingAssetException e) {
            System.err.println("gc-infra: " + e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /** Adds the environment's stack ({@code gc-<env>}) and the cdk-nag checks to the app. */
    public static GlobalCacheStack build(App app, String env, GcConfig config, AssetPaths assets) {
        var stack = new GlobalCacheStack(app, "gc-" + env, config, assets);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    private static String context(App app, String key) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? null : value.toString();
    }

    /** The directory holding infra/config, from the repository root or from infra/ itself. */
    static Path repositoryRoot(Path cwd) {
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("infra/config"))) {
                return p;
            }
        }
        throw new ConfigException("infra/config", "cannot be found above " + cwd
                + ": run cdk from the repository root");
    }
}
