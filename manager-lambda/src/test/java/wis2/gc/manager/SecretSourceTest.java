package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecretSourceTest {
    private final AtomicReference<ManagerSecrets> stored = new AtomicReference<>(secrets("one"));
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final SecretSource source = new SecretSource(() -> {
        reads.incrementAndGet();
        return stored.get();
    }, clock);

    private static ManagerSecrets secrets(String password) {
        return new ManagerSecrets(password, Optional.of("token-" + password));
    }

    @Test
    void refresh_afterARotation_readsOnceAndSaysTryAgain() {
        ManagerSecrets used = source.current();
        stored.set(secrets("two"));

        assertThat(source.refresh(used)).isTrue();
        assertThat(source.current()).isEqualTo(secrets("two"));
        assertThat(source.refresh(used)).isTrue(); // another record refused with the old ones: no new read
        assertThat(reads).hasValue(2);
    }

    @Test
    void refresh_withUnchangedSecrets_saysItIsAFault() {
        assertThat(source.refresh(source.current())).isFalse();
        assertThat(reads).hasValue(2);
    }

    @Test
    void refresh_isAskedOfSecretsManagerAtMostOncePerInterval() {
        ManagerSecrets first = source.current();
        assertThat(source.refresh(first)).isFalse();
        stored.set(secrets("two"));
        assertThat(source.refresh(source.current())).isFalse(); // within the interval: still the old ones
        assertThat(reads).hasValue(2);

        now.set(now.get().plus(SecretSource.MIN_INTERVAL));
        assertThat(source.refresh(source.current())).isTrue();
        assertThat(reads).hasValue(3);
    }

    @Test
    void reload_readsWhateverWasReadLast() {
        stored.set(secrets("restored"));
        source.reload();
        assertThat(source.current()).isEqualTo(secrets("restored"));
        assertThat(reads).hasValue(2);
    }
}
