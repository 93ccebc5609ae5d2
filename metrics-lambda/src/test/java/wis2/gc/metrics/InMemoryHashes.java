package wis2.gc.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricsLayout;

/** Redis hashes in memory, changed by the shared layout's commands; records every batch read. */
final class InMemoryHashes implements HashReader {

    final Map<String, Map<String, String>> hashes = new HashMap<>();
    final List<List<String>> reads = new ArrayList<>();

    InMemoryHashes apply(MetricUpdate update) {
        for (var c : MetricsLayout.commands(update)) {
            var hash = hashes.computeIfAbsent(c.key(), k -> new LinkedHashMap<>());
            switch (c.op()) {
                case HSET -> hash.put(c.field(), c.value());
                case HINCRBY -> hash.merge(c.field(), c.value(), (a, b) ->
                        Long.toString(Long.parseLong(a) + Long.parseLong(b)));
                case HINCRBYFLOAT -> hash.merge(c.field(), c.value(),
                        (a, b) -> new BigDecimal(a).add(new BigDecimal(b)).toPlainString());
            }
        }
        return this;
    }

    InMemoryHashes put(String key, String field, String value) {
        hashes.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(field, value);
        return this;
    }

    @Override
    public Map<String, Map<String, String>> readAll(List<String> keys) {
        reads.add(List.copyOf(keys));
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        keys.forEach(k -> result.put(k, Map.copyOf(hashes.getOrDefault(k, Map.of()))));
        return result;
    }
}
