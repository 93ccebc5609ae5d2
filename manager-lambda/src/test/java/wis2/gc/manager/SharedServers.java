package wis2.gc.manager;

import wis2.gc.testing.SharedResource;

/**
 * Hands every test class the same {@link Servers}, started on first use and closed by JUnit at
 * the end of the run (the broker alone takes seconds to start; one start serves every class).
 */
final class SharedServers extends SharedResource<Servers> {
    SharedServers() {
        super(Servers.class, Servers::new);
    }
}
