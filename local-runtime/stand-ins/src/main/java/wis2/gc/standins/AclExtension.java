package wis2.gc.standins;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The broker's security, as a HiveMQ extension registered through the embedded API. The
 * anonymous broker lets everyone in and allows everything. The secured broker checks the
 * password of each CONNECT and asks the {@link AclFile} about every PUBLISH and SUBSCRIBE,
 * answering as EMQX does by default ({@code deny_action = ignore}): a refused subscription gets
 * a failure SUBACK; a refused PUBLISH is dropped but acknowledged (MQTT 5: reason code
 * 0x87), and the connection stays. A HiveMQ publish authorizer would disconnect MQTT 3
 * clients instead, so publishes are checked by an inbound interceptor.
 */
final class AclExtension implements ExtensionMain {

    private static final String USERNAME = "wis2.gc.standins.username";

    private final Map<String, String> users;
    private final Optional<AclFile> acl;

    AclExtension(Map<String, String> users, Optional<AclFile> acl) {
        this.users = users;
        this.acl = acl;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SimpleAuthenticator authenticator = acl.isPresent() ? this::checkPassword : (in, out) ->
                out.authenticateSuccessfully();
        Services.securityRegistry().setAuthenticatorProvider(in -> authenticator);
        acl.ifPresent(rules -> {
            Authorizer authorizer = new Authorizer(rules);
            Services.securityRegistry().setAuthorizerProvider(in -> authorizer);
            Services.initializerRegistry().setClientInitializer(
                    (in, client) -> client.addPublishInboundInterceptor(authorizer));
        });
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // HiveMQ drops the providers with the extension
    }

    private void checkPassword(SimpleAuthInput input, SimpleAuthOutput output) {
        Optional<String> username = input.getConnectPacket().getUserName();
        String expected = username.map(users::get).orElse(null);
        byte[] given = input.getConnectPacket().getPassword().map(AclExtension::bytes).orElse(new byte[0]);
        if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given)) {
            input.getConnectionInformation().getConnectionAttributeStore().putAsString(USERNAME, username.get());
            output.authenticateSuccessfully();
        } else {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private record Authorizer(AclFile acl) implements PublishInboundInterceptor, SubscriptionAuthorizer {

        @Override
        public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
            if (allows(input, AclFile.Action.PUBLISH, input.getPublishPacket().getTopic())) {
                return;
            }
            // HiveMQ closes an MQTT 3 connection on an error reason code, which MQTT 3 cannot carry
            if (input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5) {
                output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not authorized");
            } else {
                output.preventPublishDelivery();
            }
        }

        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            if (allows(input, AclFile.Action.SUBSCRIBE, input.getSubscription().getTopicFilter())) {
                output.authorizeSuccessfully();
            } else {
                output.failAuthorization();
            }
        }

        private boolean allows(ClientBasedInput input, AclFile.Action action, String topic) {
            String username = input.getConnectionInformation().getConnectionAttributeStore()
                    .getAsString(USERNAME).orElse(null);
            return acl.allows(username, input.getClientInformation().getClientId(), action, topic);
        }
    }
}
