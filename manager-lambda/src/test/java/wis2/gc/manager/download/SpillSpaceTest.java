package wis2.gc.manager.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpillSpaceTest {
    private final SpillSpace space = new SpillSpace(Path.of("tmp"), 100);

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void reserve_withinTheCapacity_isGrantedAtOnce() {
        try (var a = space.reserve(60, in(Duration.ZERO)); var b = space.reserve(40, in(Duration.ZERO))) {
            assertThat(space.peak()).isEqualTo(100);
        }
        try (var whole = space.reserve(100, in(Duration.ZERO))) {
            assertThat(whole).isNotNull();
        }
    }

    @Test
    void reserve_moreThanTheWholeSpace_failsAtOnce() {
        assertThatThrownBy(() -> space.reserve(101, in(Duration.ofMinutes(1))))
                .isInstanceOf(SpillSpaceException.class).hasMessageContaining("101").hasMessageContaining("100");
    }

    @Test
    void reserve_whileTheSpaceIsHeld_waitsUntilTheDeadlineThenFails() {
        try (var held = space.reserve(70, in(Duration.ZERO))) {
            assertThatThrownBy(() -> space.reserve(31, in(Duration.ofMillis(50))))
                    .isInstanceOf(SpillSpaceException.class).hasMessageContaining("70 of 100");
        }
        assertThat(space.peak()).isEqualTo(70);
    }

    @Test
    void reserve_isGrantedWhenAnotherSpillEnds() throws Exception {
        var held = space.reserve(70, in(Duration.ZERO));
        CountDownLatch granted = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try (var r = space.reserve(50, in(Duration.ofSeconds(10)))) {
                granted.countDown();
            }
        });
        assertThat(granted.await(100, TimeUnit.MILLISECONDS)).isFalse();
        held.close();
        assertThat(granted.await(5, TimeUnit.SECONDS)).isTrue();
        waiter.join();
        assertThat(space.peak()).isEqualTo(70);
    }

    @Test
    void shrinkTo_givesBackWhatAShorterBodyDoesNotUse() {
        var r = space.reserve(100, in(Duration.ZERO));
        r.shrinkTo(30);
        try (var more = space.reserve(70, in(Duration.ZERO))) {
            assertThat(more).isNotNull();
        }
        r.close();
        r.close(); // a second close gives nothing back twice
        try (var whole = space.reserve(100, in(Duration.ZERO))) {
            assertThat(whole).isNotNull();
        }
    }

    @Test
    void reserve_servesWaitersInArrivalOrder_soALargeOneIsNotStarved() throws Exception {
        var held = space.reserve(90, in(Duration.ZERO));
        List<String> order = new CopyOnWriteArrayList<>();
        Thread large = Thread.ofVirtual().start(() -> {
            // 95 fits only once the 90 are freed, and then leaves no room for the small one: the
            // order of the two is then the order of their grants, not of their threads' wake-ups
            try (var r = space.reserve(95, in(Duration.ofSeconds(10)))) {
                order.add("large");
            }
        });
        Thread.sleep(50);
        Thread small = Thread.ofVirtual().start(() -> {
            try (var r = space.reserve(10, in(Duration.ofSeconds(10)))) {
                order.add("small");
            }
        });
        Thread.sleep(50);
        assertThat(order).isEmpty(); // the small one fits beside the held 90, but waits its turn
        held.close();
        large.join();
        small.join();
        assertThat(order).containsExactly("large", "small");
    }
}
