package wis2.gc.manager;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every test class the same {@link Servers}, started on first use and closed by JUnit at
 * the end of the run (the broker alone takes seconds to start; one start serves every class).
 */
final class SharedServers implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Servers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Servers.class, k -> {
                    try {
                        return new Servers();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot start the test servers", e);
                    }
                }, Servers.class);
    }
}
