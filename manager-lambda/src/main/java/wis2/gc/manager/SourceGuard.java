package wis2.gc.manager;

import java.net.URI;

/** Decides whether the cache may connect to a source URL; asked again for every redirect. */
@FunctionalInterface
interface SourceGuard {
    /**
     * Returns the URL when it may be fetched.
     *
     * @throws SourceRefusedException naming the URL and why it is refused
     */
    URI check(URI uri);
}
