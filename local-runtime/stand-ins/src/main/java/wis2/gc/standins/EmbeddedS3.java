package wis2.gc.standins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3 on 127.0.0.1, served by S3Proxy over a folder: each bucket is a sub-folder and each
 * object a file, written as the request body arrives. Requests must be signed (V2 or V4) with
 * {@link StandIns#awsCredentials()}; clients use path-style addressing
 * ({@code forcePathStyle(true)}). {@link #stop()} and {@link #restart()} keep the port and the
 * objects, which stay on disk.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /** S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final int port;
    private final Path dir;
    private final BlobStore store;
    private S3Proxy proxy;

    private EmbeddedS3(int port, Path dir) {
        this.port = port;
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 folder " + dir, e);
        }
        this.store = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
    }

    /** Starts S3 on a free port, storing buckets under {@code dir} (created if missing, left in place). */
    public static EmbeddedS3 start(Path dir) {
        return start(Ports.free(), dir);
    }

    /** Starts S3 on {@code port}, storing buckets under {@code dir} (created if missing, left in place). */
    public static EmbeddedS3 start(int port, Path dir) {
        EmbeddedS3 s3 = new EmbeddedS3(Ports.checked(port), dir);
        s3.restart();
        return s3;
    }

    public int port() {
        return port;
    }

    /** The folder holding one sub-folder per bucket. */
    public Path dir() {
        return dir;
    }

    /** {@code http://127.0.0.1:port}, for {@code endpointOverride} with path-style access. */
    public URI endpoint() {
        return URI.create("http://" + StandIns.HOST + ":" + port);
    }

    public String accessKey() {
        return StandIns.ACCESS_KEY_ID;
    }

    public String secretKey() {
        return StandIns.SECRET_ACCESS_KEY;
    }

    /** Creates the bucket {@code name}; does nothing when it already exists. */
    public void createBucket(String name) {
        if (name == null || !BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(
                    "bucket name must be 3-63 of [a-z0-9.-], starting and ending alphanumeric, got " + name);
        }
        if (!store.containerExists(name)) {
            store.createContainer(name);
        }
    }

    public synchronized boolean isRunning() {
        return proxy != null;
    }

    /** Takes the endpoint away (connections are refused); the objects stay on disk. */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new StandInException("cannot stop S3 on port " + port, e);
        } finally {
            proxy = null;
        }
    }

    /** Serves the same folder again on the same port; stops first when running. */
    public synchronized void restart() {
        stop();
        S3Proxy started = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, StandIns.ACCESS_KEY_ID, StandIns.SECRET_ACCESS_KEY)
                .metricsEnabled(false)
                // a stop is an outage in fault tests: drop connections instead of draining them
                .stopTimeout(0)
                .build();
        try {
            started.start();
        } catch (Exception e) {
            throw new StandInException("cannot start S3 on " + StandIns.HOST + ":" + port + " over " + dir, e);
        }
        proxy = started;
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
