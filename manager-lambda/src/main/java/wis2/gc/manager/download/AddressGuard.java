package wis2.gc.manager.download;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The cache's {@link SourceGuard}: only http and https, and (unless
 * private sources are allowed) only public addresses. Every address the host name resolves
 * to is checked, so a name pointing at the instance metadata service (169.254.169.254) or at
 * a private network is refused before any connection is made.
 *
 * <p>The name is resolved once, here, and the download connects to exactly the addresses
 * checked ({@link CheckedSource}): a DNS answer changed between the check and the connection
 * (rebinding) cannot steer the cache elsewhere.
 */
public final class AddressGuard implements SourceGuard {
    /** How a host name is turned into addresses; replaced in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    public AddressGuard(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    AddressGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** The JDK's resolver says "Temporary failure in name resolution" (EAI_AGAIN) when no name server answered. */
    static boolean isTemporary(UnknownHostException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("temporary failure") || m.contains("try again");
    }

    @Override
    public CheckedSource check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SourceRefusedException("scheme", "only http and https sources are fetched: " + uri);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new SourceRefusedException("no-host", "source URL without a host: " + uri);
        }
        if (uri.getRawUserInfo() != null) {
            throw new SourceRefusedException("user-info", "source URL with credentials refused: " + host);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(CheckedSource.hostName(uri));
        } catch (UnknownHostException e) {
            if (isTemporary(e)) {
                // the resolver could not answer now (EAI_AGAIN): the cache's resolver, or the source's name servers
                throw new TransientSourceException("dns-temporary", "cannot resolve source host " + host + " now: "
                        + e.getMessage(),
                        host, true, java.util.Optional.empty(), e);
            }
            throw new SourceRefusedException("unknown-host", "cannot resolve source host " + host);
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                String kind = forbiddenKind(address);
                if (kind != null) {
                    throw new SourceRefusedException("forbidden-address",
                            "source host " + host + " resolves to " + kind + " address " + address.getHostAddress());
                }
            }
        }
        return new CheckedSource(uri, List.of(addresses));
    }

    /** The kind of address the cache never fetches from, or null for a public one. */
    static String forbiddenKind(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "private"; // carrier-grade NAT 100.64/10
            }
            if (first >= 240) {
                return "reserved";
            }
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "unique-local"; // fc00::/7
            }
            if (isIpv4Mapped(b)) {
                try {
                    return forbiddenKind(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
