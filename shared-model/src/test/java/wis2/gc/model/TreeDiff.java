package wis2.gc.model;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Every difference between two JSON trees as JSON-pointer-like paths: changed values, added or
 * removed fields and elements, and fields whose order changed ("path (order)"). Fields added to
 * an object must come after the existing ones, or they count as an order change.
 */
final class TreeDiff {

    private TreeDiff() {
    }

    static List<String> diff(JsonNode a, JsonNode b) {
        var out = new ArrayList<String>();
        walk(a, b, "", out);
        return out;
    }

    private static void walk(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a.isObject() && b.isObject()) {
            List<String> namesA = new ArrayList<>(a.propertyNames());
            List<String> namesB = new ArrayList<>(b.propertyNames());
            for (String name : namesA) {
                if (!b.has(name)) {
                    out.add(path + "/" + name);
                } else {
                    walk(a.get(name), b.get(name), path + "/" + name, out);
                }
            }
            for (String name : namesB) {
                if (!a.has(name)) {
                    out.add(path + "/" + name);
                }
            }
            List<String> kept = namesB.stream().filter(a::has).toList();
            List<String> keptInA = namesA.stream().filter(b::has).toList();
            boolean addedAtEnd = namesB.subList(0, kept.size()).equals(kept);
            if (!kept.equals(keptInA) || !addedAtEnd) {
                out.add(path + " (order)");
            }
        } else if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                if (i >= a.size() || i >= b.size()) {
                    out.add(path + "/" + i);
                } else {
                    walk(a.get(i), b.get(i), path + "/" + i, out);
                }
            }
        } else if (!a.equals(b)) {
            out.add(path);
        }
    }
}
