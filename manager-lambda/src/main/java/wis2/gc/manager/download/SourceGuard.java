package wis2.gc.manager.download;

import java.net.URI;

/** Decides whether the cache may connect to a source URL; asked again for every redirect. */
@FunctionalInterface
public interface SourceGuard {
    /**
     * Returns the URL with the addresses it may be fetched from; the connection goes to one of
     * these, never to a second lookup of the host name.
     *
     * @throws SourceRefusedException naming the URL and why it is refused
     */
    CheckedSource check(URI uri);
}
