package wis2.gc.manager.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import wis2.gc.manager.Deadline;

/** The framing a source's answer is read with; the exchanges themselves run in {@link HttpDownloaderIT}. */
class SourceExchangeTest {

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String chunked(String framed) throws IOException {
        return new String(new SourceExchange.ChunkedBody(bytes(framed), Deadline.NONE).readAllBytes(),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void chunkedBody_joinsTheChunks_skippingExtensionsAndTrailer() throws IOException {
        assertThat(chunked("5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n"))
                .isEqualTo("hello 0123456789");
        assertThat(chunked("0\r\n\r\n")).isEmpty();
        assertThat(chunked("3\nabc\n0\n\n")).isEqualTo("abc"); // bare LF line ends are tolerated
    }

    @Test
    void chunkedBody_refusesBadFraming() {
        assertThatThrownBy(() -> chunked("zz\r\nabc\r\n0\r\n\r\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("bad chunk size");
        assertThatThrownBy(() -> chunked("\r\nabc")).hasMessageContaining("bad chunk size");
        assertThatThrownBy(() -> chunked("ffffffffffffffff\r\n")).hasMessageContaining("bad chunk size");
        assertThatThrownBy(() -> chunked("3\r\nabcdef\r\n0\r\n\r\n"))
                .hasMessageContaining("longer than its declared size");
        assertThatThrownBy(() -> chunked("a\r\nabc")).isInstanceOf(EOFException.class)
                .hasMessageContaining("middle of a chunk");
        assertThatThrownBy(() -> chunked("3\r\nabc\r\n")).isInstanceOf(EOFException.class);
    }

    @Test
    void readLine_stripsTheLineEnd_andBoundsTheLength() throws IOException {
        InputStream in = bytes("HTTP/1.1 200 OK\r\nA: b\n\r\n");
        assertThat(SourceExchange.readLine(in, Deadline.NONE)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(SourceExchange.readLine(in, Deadline.NONE)).isEqualTo("A: b");
        assertThat(SourceExchange.readLine(in, Deadline.NONE)).isEmpty();
        assertThatThrownBy(() -> SourceExchange.readLine(in, Deadline.NONE)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> SourceExchange.readLine(bytes("x".repeat(10_000) + "\r\n"), Deadline.NONE))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> SourceExchange.readLine(bytes("HTTP/1.1 200 OK\r\n"),
                new Deadline(System.nanoTime() - 1)))
                .isInstanceOf(java.net.SocketTimeoutException.class).hasMessageContaining("total timeout");
    }
}
