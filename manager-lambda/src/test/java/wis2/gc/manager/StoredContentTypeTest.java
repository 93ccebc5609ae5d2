package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredContentTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/bufr", "application/x-grib2", "text/plain; charset=utf-8",
            "application/vnd.wmo.iwxxm+xml", "image/png;name=\"radar scan.png\"", "application/octet-stream"})
    void of_wellFormedMediaType_isKept(String type) {
        assertThat(StoredContentType.of(type)).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain\r\nX-Injected: 1", "application/bufr\n", "texte/données", "application/\u4e2d",
            "bufr", "application/", "/bufr", "", " ", "text/plain; charset", "text/html", "TEXT/HTML; charset=utf-8",
            "image/svg+xml", "application/xhtml+xml", "text/javascript"})
    void of_malformedOrActiveType_becomesOctetStream(String type) {
        assertThat(StoredContentType.of(type)).isEqualTo("application/octet-stream");
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 10_000})
    void of_overlongType_becomesOctetStream(int length) {
        assertThat(StoredContentType.of("application/" + "x".repeat(length))).isEqualTo("application/octet-stream");
    }

    @org.junit.jupiter.api.Test
    void of_noType_becomesOctetStream() {
        assertThat(StoredContentType.of(null)).isEqualTo("application/octet-stream");
    }
}
