/**
 * The fixtures the tests of every module share, in a module that depends on no other module of
 * the project, so that shared-model's tests can use it too.
 *
 * <p>What lives here: {@link wis2.gc.testing.Wnm}, the one builder of WIS2 notifications (from the
 * WMO examples, numbers kept as read; the demo and the bench use it too);
 * {@link wis2.gc.testing.Resources}, the one reader of classpath files;
 * {@link wis2.gc.testing.TestSource}, a WIS2 node's data server whose answers a test scripts,
 * misbehaving ones included; {@link wis2.gc.testing.MutableClock}, a clock a test moves;
 * {@link wis2.gc.testing.Poll}, the one way to wait for a condition; and
 * {@link wis2.gc.testing.SharedResource}, the JUnit resolver that starts a costly fixture once per
 * run and closes it at the end.
 */
package wis2.gc.testing;
