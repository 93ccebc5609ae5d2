package wis2.gc.listener;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every listener IT the same {@link Rig}, started once per test run and closed at its end
 * (JUnit closes what the root store holds): the stand-ins take seconds to start.
 */
final class RigResolver implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Rig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Rig.class, key -> {
                    try {
                        return Rig.start();
                    } catch (MqttException e) {
                        throw new IllegalStateException("cannot start the stand-ins", e);
                    }
                }, Rig.class);
    }
}
