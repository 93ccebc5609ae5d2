package wis2.gc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads files from the classpath: a module's test resources, or the templates shipped here. */
public final class Resources {
    private Resources() {
    }

    /**
     * The bytes of the classpath resource {@code name} (relative to the classpath root), as they are.
     *
     * @throws IllegalArgumentException when there is no such resource
     */
    public static byte[] bytes(String name) {
        String path = name.startsWith("/") ? name : "/" + name;
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }
}
