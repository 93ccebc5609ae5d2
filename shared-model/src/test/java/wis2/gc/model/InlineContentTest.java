package wis2.gc.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import wis2.gc.testing.Resources;

class InlineContentTest {

    private static final byte[] DATA = "BUFR bytes \u00e9".getBytes(UTF_8);

    @Test
    void decode_utf8() {
        assertThat(new InlineContent("utf-8", "BUFR bytes \u00e9", DATA.length).decode(4096)).isEqualTo(DATA);
    }

    @Test
    void decode_base64() {
        String value = Base64.getEncoder().encodeToString(DATA);
        assertThat(new InlineContent("base64", value, DATA.length).decode(4096)).isEqualTo(DATA);
        assertThat(new InlineContent("base64", Base64.getMimeEncoder().encodeToString(new byte[100]), 100).decode(4096))
                .hasSize(100);
    }

    @Test
    void decode_gzip() throws IOException {
        String value = Base64.getEncoder().encodeToString(gzip(DATA));
        assertThat(new InlineContent("gzip", value, DATA.length).decode(4096)).isEqualTo(DATA);
    }

    @Test
    void decode_rejectsSizeMismatch() throws IOException {
        expectReason(() -> new InlineContent("utf-8", "abc", 4).decode(4096), "size-mismatch");
        expectReason(() -> new InlineContent("base64", "YWJj", 2).decode(4096), "size-mismatch");
        expectReason(() -> new InlineContent("gzip", Base64.getEncoder().encodeToString(gzip(DATA)), DATA.length + 1)
                .decode(4096), "size-mismatch");
        expectReason(() -> new InlineContent("gzip", Base64.getEncoder().encodeToString(gzip(DATA)), DATA.length - 1)
                .decode(4096), "size-mismatch");
    }

    @Test
    void example1_sizeDoesNotMatchItsValue() {
        InlineContent c = Notification.parse(Resources.bytes("examples/valid/" + "wnm-example1.json")).content()
                .orElseThrow();
        assertThat(c.encoding()).isEqualTo("utf-8");
        expectReason(() -> c.decode(4096), "size-mismatch");
    }

    @Test
    void decode_rejectsBadBase64AndBadGzip() {
        expectReason(() -> new InlineContent("base64", "not base64!", 3).decode(4096), "bad-base64");
        expectReason(() -> new InlineContent("base64", "YW=j", 2).decode(4096), "bad-base64");
        expectReason(() -> new InlineContent("base64", "Y", 0).decode(4096), "bad-base64");
        expectReason(() -> new InlineContent("gzip", Base64.getEncoder().encodeToString(DATA), DATA.length)
                .decode(4096), "bad-gzip");
    }

    @Test
    void decode_rejectsGzipBombAfterBoundedInflation() throws IOException {
        // 16 MiB of zeros compress to ~16 KiB; the size claims 100 bytes. Full inflation would allocate > 16 MiB.
        byte[] bomb = gzip(new byte[16 * 1024 * 1024]);
        InlineContent c = new InlineContent("gzip", Base64.getEncoder().encodeToString(bomb), 100);
        long before = allocated();
        expectReason(() -> c.decode(4096), "size-mismatch");
        assertThat(allocated() - before).as("bytes allocated while rejecting the bomb").isLessThan(4L * 1024 * 1024);
    }

    @Test
    void decode_rejectsSizeAboveLimitBeforeDecoding() {
        expectReason(() -> new InlineContent("utf-8", "x".repeat(5000), 5000).decode(4096), "too-large");
    }

    @Test
    void constructor_rejectsUnknownEncodingAndNegativeSize() {
        expectReason(() -> new InlineContent("zip", "x", 1), "bad-encoding");
        expectReason(() -> new InlineContent("utf-8", "x", -1), "size-mismatch");
    }

    private static void expectReason(ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidContentException.class, e -> assertThat(e.reason())
                .isEqualTo(reason));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static long allocated() {
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        return bean.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }
}
