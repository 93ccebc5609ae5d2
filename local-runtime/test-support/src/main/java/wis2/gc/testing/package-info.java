/**
 * The fixtures the tests of every module share, in a module that depends on no other module of
 * the project, so that shared-model's tests can use it too.
 *
 * <p>What lives here: {@link wis2.gc.testing.Poll}, the one way to wait for a condition;
 * {@link wis2.gc.testing.SharedResource}, the JUnit resolver that starts a costly fixture once per
 * run and closes it at the end.
 */
package wis2.gc.testing;
