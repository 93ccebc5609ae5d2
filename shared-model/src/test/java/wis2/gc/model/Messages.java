package wis2.gc.model;

import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/** Test notifications: the rich fixture (unknown fields, odd order, precise numbers) or an example, edited. */
final class Messages {

    private Messages() {
    }

    static ObjectNode tree(String resource) {
        return (ObjectNode) Json.MAPPER.readTree(TestData.bytes(resource));
    }

    static ObjectNode rich() {
        return tree("messages/rich.json");
    }

    static byte[] bytes(ObjectNode tree) {
        return Json.MAPPER.writeValueAsBytes(tree);
    }

    static Notification parse(ObjectNode tree) {
        return Notification.parse(bytes(tree));
    }

    /** The rich fixture after {@code edit}. */
    static Notification rich(Consumer<ObjectNode> edit) {
        ObjectNode t = rich();
        edit.accept(t);
        return parse(t);
    }

    static ObjectNode props(ObjectNode tree) {
        return (ObjectNode) tree.get("properties");
    }

    static ObjectNode link(ObjectNode tree, int index) {
        return (ObjectNode) tree.get("links").get(index);
    }
}
