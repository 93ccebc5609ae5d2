package wis2.gc.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the deployed programs are: the two shaded Lambda jars and the two Docker build contexts.
 * Other modules build them; the app only checks that they are there, so a missing build fails
 * synth with the command that builds it instead of a jsii stack trace.
 *
 * @param managerJar the manager Lambda's shaded jar
 * @param metricsJar the metrics Lambda's shaded jar
 * @param listenerImageDir Docker build context of the listener (holds its Dockerfile)
 * @param brokerImageDir Docker build context of the EMQX image (holds its Dockerfile)
 */
public record AssetPaths(Path managerJar, Path metricsJar, Path listenerImageDir, Path brokerImageDir) {

    static final String BUILD_JARS = "mvn -B -DskipTests package -pl manager-lambda,metrics-lambda,client-service -am";

    public AssetPaths {
        requireFile(managerJar, "the manager Lambda jar", BUILD_JARS);
        requireFile(metricsJar, "the metrics Lambda jar", BUILD_JARS);
        requireFile(listenerImageDir.resolve("Dockerfile"), "the listener's Dockerfile",
                "check out the client-service module");
        requireFile(brokerImageDir.resolve("Dockerfile"), "the EMQX image's Dockerfile",
                "check out the emqx-config directory");
    }

    /** The assets at their usual places under the repository root (or a copy of that layout). */
    public static AssetPaths under(Path root) {
        return new AssetPaths(
                root.resolve("manager-lambda/target/manager-lambda.jar"),
                root.resolve("metrics-lambda/target/metrics-lambda.jar"),
                root.resolve("client-service"),
                root.resolve("emqx-config"));
    }

    private static void requireFile(Path file, String what, String fix) {
        if (!Files.isRegularFile(file)) {
            throw new MissingAssetException(what + " is missing: " + file.toAbsolutePath().normalize()
                    + " does not exist; build it first from the repository root with: " + fix);
        }
    }
}
