package wis2.gc.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetPathsTest {

    @TempDir
    Path root;

    @Test
    void under_namesTheMissingJarAndTheCommandThatBuildsIt() {
        assertThatThrownBy(() -> AssetPaths.under(root))
                .isInstanceOf(MissingAssetException.class)
                .hasMessageContaining("manager-lambda/target/manager-lambda.jar")
                .hasMessageContaining(
                "mvn -B -DskipTests package -pl manager-lambda,metrics-lambda,client-service -am");
    }

    @Test
    void under_namesAMissingDockerfile() throws IOException {
        touch("manager-lambda/target/manager-lambda.jar");
        touch("metrics-lambda/target/metrics-lambda.jar");
        touch("emqx-config/Dockerfile");
        assertThatThrownBy(() -> AssetPaths.under(root))
                .isInstanceOf(MissingAssetException.class)
                .hasMessageContaining("client-service/Dockerfile");
    }

    @Test
    void under_acceptsTheRepositoryLayout() throws IOException {
        touch("manager-lambda/target/manager-lambda.jar");
        touch("metrics-lambda/target/metrics-lambda.jar");
        touch("client-service/Dockerfile");
        touch("emqx-config/Dockerfile");
        assertThat(AssetPaths.under(root).listenerImageDir()).isEqualTo(root.resolve("client-service"));
    }

    @Test
    void repositoryRoot_isFoundFromInfraToo() {
        Path infra = Path.of("").toAbsolutePath();
        assertThat(GlobalCacheApp.repositoryRoot(infra)).isEqualTo(infra.getParent());
    }

    private void touch(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }
}
