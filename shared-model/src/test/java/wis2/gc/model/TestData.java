package wis2.gc.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads test resources. */
final class TestData {

    private TestData() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = TestData.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Notification example(String name) {
        return Notification.parse(bytes("examples/valid/" + name));
    }
}
