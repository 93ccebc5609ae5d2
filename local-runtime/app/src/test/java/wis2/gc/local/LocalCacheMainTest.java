package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCacheMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private LocalCacheMain.Started start(Map<String, String> env) {
        return LocalCacheMain.start(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errLines() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void start_aBrokerEntryThatIsNoUrl_printsOneLineNamingTheVariable_andExitsTwo() {
        LocalCacheMain.Started started = start(Map.of("GC_GLOBAL_BROKERS", "gb1=notaurl",
                "GC_DATA_DIR", dir.toString()));

        assertThat(started.cache()).isEmpty();
        assertThat(started.status()).isEqualTo(2);
        assertThat(errLines()).isEqualTo("gc local: GC_GLOBAL_BROKERS: broker gb1 needs a URL like"
                + " mqtt://user:pass@host:port or mqtts://host:port. Found: notaurl" + System.lineSeparator());
    }

    @Test
    void start_aMalformedNumber_printsOneLineNamingTheVariable_andExitsTwo() {
        LocalCacheMain.Started started = start(Map.of("GC_MQTT_PORT", "18 83", "GC_DATA_DIR", dir.toString()));

        assertThat(started.status()).isEqualTo(2);
        assertThat(errLines()).isEqualTo("gc local: GC_MQTT_PORT: must be a whole number. Found: 18 83"
                + System.lineSeparator());
    }

    @Test
    void start_aTakenPort_isRefusedBeforeAnythingStarts_namingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            LocalCacheMain.Started started = start(Map.of("GC_HTTP_PORT", Integer.toString(port),
                    "GC_DATA_DIR", dir.toString()));

            assertThat(started.status()).isEqualTo(2);
            assertThat(errLines()).startsWith("gc local: GC_HTTP_PORT: port " + port + " is already in use")
                    .hasLineCount(1);
        }
    }

    @Test
    void start_aDataDirThatIsAFile_namesTheVariable_andExitsTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        LocalCacheMain.Started started = start(Map.of("GC_DATA_DIR", file.toString(), "GC_HTTP_PORT", "0",
                "GC_MQTT_PORT", "0", "GC_MQTTS_PORT", "0", "GC_GB_PORT", "0"));

        assertThat(started.status()).isEqualTo(2);
        assertThat(errLines()).startsWith("gc local: GC_DATA_DIR: cannot create the folder " + file).hasLineCount(1);
    }
}
