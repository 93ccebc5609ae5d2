package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HotObjectsTest {

    @Test
    void get_sharesOneReadAmongConcurrentRequests() throws Exception {
        HotObjects hot = new HotObjects(100, 1000);
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<HotObjects.Entry>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> hot.get("k", "e1", () -> {
                    reads.incrementAndGet();
                    await(release);
                    return new HotObjects.Entry("e1", "text/plain", new byte[10]);
                })));
            }
            Thread.sleep(50); // let the 50 requests pile up behind the first read
            release.countDown();
            for (var r : results) {
                assertThat(r.get().eTag()).isEqualTo("e1");
            }
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void get_readsAgain_whenTheStoreHasAnotherETag() {
        HotObjects hot = new HotObjects(100, 1000);
        hot.get("k", "e1", () -> new HotObjects.Entry("e1", "t", new byte[] {1}));

        HotObjects.Entry e = hot.get("k", "e2", () -> new HotObjects.Entry("e2", "t", new byte[] {2}));

        assertThat(e.body()).containsExactly(2);
        assertThat(hot.get("k", "e2", () -> { throw new AssertionError("read again"); }).body()).containsExactly(2);
    }

    @Test
    void get_keepsNoMoreThanTheBudget_andAFailedReadIsNotKept() {
        HotObjects hot = new HotObjects(10, 20);
        AtomicInteger reads = new AtomicInteger();
        for (String key : List.of("a", "b", "c", "a", "b", "c")) {
            hot.get(key, "e", () -> {
                reads.incrementAndGet();
                return new HotObjects.Entry("e", "t", new byte[10]);
            });
        }
        assertThat(reads.get()).isGreaterThan(3);
        assertThat(hot.fits(10)).isTrue();
        assertThat(hot.fits(11)).isFalse();

        assertThatThrownBy(() -> hot.get("x", "e", () -> { throw new IllegalStateException("store down"); }))
                .hasMessage("store down");
        assertThat(hot.get("x", "e", () -> new HotObjects.Entry("e", "t", new byte[1])).body()).hasSize(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
