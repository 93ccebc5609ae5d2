package wis2.gc.manager.download;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/** A source URL the {@link SourceGuard} allowed, with the addresses of its host that it checked. */
record CheckedSource(URI uri, List<InetAddress> addresses) {
    CheckedSource {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a checked source needs at least one address: " + uri);
        }
    }

    /** The URL's host without the brackets of an IPv6 literal: the name resolved, and the one TLS checks. */
    static String hostName(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
