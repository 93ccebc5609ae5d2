package wis2.gc.listener;

import wis2.gc.testing.SharedResource;

/**
 * Hands every listener IT the same {@link Rig}, started once per test run and closed at its end
 * (JUnit closes what the root store holds): the stand-ins take seconds to start.
 */
final class RigResolver extends SharedResource<Rig> {
    RigResolver() {
        super(Rig.class, Rig::start);
    }
}
