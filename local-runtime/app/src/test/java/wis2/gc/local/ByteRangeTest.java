package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void parse_firstToLast_isThatPart_clippedToTheEnd() {
        assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new ByteRange.Part(new ByteRange(0, 9)));
        assertThat(ByteRange.parse("bytes=90-200", 100)).isEqualTo(new ByteRange.Part(new ByteRange(90, 99)));
        assertThat(ByteRange.parse("bytes=10-", 100)).isEqualTo(new ByteRange.Part(new ByteRange(10, 99)));
    }

    @Test
    void parse_suffix_isTheLastBytes_orTheWholeObjectWhenLonger() {
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange.Part(new ByteRange(90, 99)));
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange.Part(new ByteRange(0, 99)));
        assertThat(ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void parse_startBeyondTheEnd_isUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=0-0", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void parse_ignoresWhatItDoesNotServe() {
        for (String header : new String[] {null, "items=0-1", "bytes=0-1,5-6", "bytes=5-2", "bytes=a-b", "bytes=-",
                "bytes",
                "bytes=99999999999999999999-"}) {
            assertThat(ByteRange.parse(header, 100)).as(header).isInstanceOf(ByteRange.Whole.class);
        }
    }

    @Test
    void contentRange_namesThePartAndTheTotal() {
        assertThat(new ByteRange(5, 9).contentRange(100)).isEqualTo("bytes 5-9/100");
        assertThat(new ByteRange(5, 9).length()).isEqualTo(5);
        assertThatThrownBy(() -> new ByteRange(9, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
