package wis2.gc.manager.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
    /** Resolves names from a table, so no DNS is asked. */
    private static final Map<String, String> DNS = Map.of(
            "node.example.org", "93.184.215.14",
            "metadata.example.org", "169.254.169.254",
            "mixed.example.org", "93.184.215.14,10.1.2.3");

    private final AddressGuard guard = new AddressGuard(false, AddressGuardTest::resolve);

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] ips = DNS.getOrDefault(host, host).split(",");
        InetAddress[] out = new InetAddress[ips.length];
        for (int i = 0; i < ips.length; i++) {
            if (!ips[i].matches("[0-9a-fA-F.:]+")) {
                throw new UnknownHostException(host);
            }
            out[i] = InetAddress.getByName(ips[i]); // literal addresses only: no lookup
        }
        return out;
    }

    @Test
    void check_letsPublicHttpAndHttpsThrough_withTheAddressesItChecked() throws Exception {
        CheckedSource named = guard.check(URI.create("https://node.example.org/x.bufr4"));
        assertThat(named.uri()).hasHost("node.example.org");
        assertThat(named.addresses()).containsExactly(InetAddress.getByName("93.184.215.14"));
        assertThat(guard.check(URI.create("http://93.184.215.14:8080/x")).uri()).hasPort(8080);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/x", "http://localhost.invalid/x", "http://169.254.169.254/latest/meta-data/",
            "http://metadata.example.org/x", "http://10.0.0.1/x", "http://172.16.5.5/x", "http://192.168.1.1/x",
            "http://100.64.0.1/x", "http://0.0.0.0/x", "http://224.0.0.1/x", "http://[::1]/x", "http://[fe80::1]/x",
            "http://[fd00::1]/x", "http://[::]/x", "http://[ff02::1]/x", "http://[::ffff:127.0.0.1]/x",
            "http://mixed.example.org/x"})
    void check_refusesWhatTheCacheMustNotReach(String url) {
        assertThatThrownBy(() -> guard.check(URI.create(url))).isInstanceOf(SourceRefusedException.class)
                .satisfies(e -> assertThat(((SourceRefusedException) e).reason())
                .isIn("forbidden-address", "unknown-host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://node.example.org/x", "jar:file:/x!/y", "gopher://x/",
            "mailto:a@b"})
    void check_refusesOtherSchemesEvenWhenPrivateSourcesAreAllowed(String url) {
        assertThatThrownBy(() -> new AddressGuard(true).check(URI.create(url)))
                .isInstanceOf(SourceRefusedException.class)
                .satisfies(e -> assertThat(((SourceRefusedException) e).reason()).isEqualTo("scheme"));
    }

    @Test
    void check_refusesUserInfoAndMissingHost() {
        assertThatThrownBy(() -> guard.check(URI.create("http://user:pw@node.example.org/x")))
                .satisfies(e -> assertThat(((SourceRefusedException) e).reason()).isEqualTo("user-info"));
        assertThatThrownBy(() -> guard.check(URI.create("http:///x")))
                .satisfies(e -> assertThat(((SourceRefusedException) e).reason()).isEqualTo("no-host"));
    }

    @Test
    void check_allowsPrivateAddressesOnlyWhenConfigured() {
        AddressGuard lenient = new AddressGuard(true, AddressGuardTest::resolve);
        assertThat(lenient.check(URI.create("http://127.0.0.1:8080/x")).addresses())
                .containsExactly(InetAddress.getLoopbackAddress());
        assertThat(lenient.check(URI.create("http://mixed.example.org/x")).addresses()).hasSize(2);
        assertThatThrownBy(() -> lenient.check(URI.create("http://unknown.example.org/x")))
                .satisfies(e -> assertThat(((SourceRefusedException) e).reason()).isEqualTo("unknown-host"));
    }

    @Test
    void resolve_temporaryFailure_isTransient_aMissingNameIsRefused() {
        AddressGuard flaky = new AddressGuard(false, host -> {
            throw new java.net.UnknownHostException(host + ": Temporary failure in name resolution");
        });
        assertThatThrownBy(() -> flaky.check(URI.create("https://node.example.org/x")))
                .isInstanceOf(TransientSourceException.class)
                .satisfies(e -> assertThat(((TransientSourceException) e).reason()).isEqualTo("dns-temporary"))
                .satisfies(e -> assertThat(((TransientSourceException) e).unreachable()).isTrue());
        AddressGuard missing = new AddressGuard(false, host -> {
            throw new java.net.UnknownHostException(host + ": Name or service not known");
        });
        assertThatThrownBy(() -> missing.check(URI.create("https://gone.example.org/x")))
                .isInstanceOf(SourceRefusedException.class);
    }
}
