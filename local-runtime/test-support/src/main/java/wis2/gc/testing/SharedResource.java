package wis2.gc.testing;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every test class of a run the same instance of a costly fixture (servers that take
 * seconds to start), started on first use and closed by JUnit at the end of the run: the root
 * store closes the {@link AutoCloseable} values it holds. A module names its fixture in a
 * subclass with a no-argument constructor, the form {@code @ExtendWith} needs.
 *
 * @param <T> the fixture's type, the parameter type it is handed for
 */
public abstract class SharedResource<T extends AutoCloseable> implements ParameterResolver {
    private final Class<T> type;
    private final Callable<T> start;

    protected SharedResource(Class<T> type, Callable<T> start) {
        this.type = type;
        this.start = start;
    }

    @Override
    public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public final Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(type, k -> {
            try {
                return start.call();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the shared " + type.getSimpleName(), e);
            }
        }, type);
    }
}
