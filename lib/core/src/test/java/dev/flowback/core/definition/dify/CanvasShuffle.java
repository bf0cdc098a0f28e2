package dev.flowback.core.definition.dify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Re-serializes a Dify DSL the way a re-export after tidying the canvas would differ: every node moved, resized and
 * its selection flipped, edges re-layered, the viewport scrolled, every mapping's keys in a new order, and the YAML
 * written by another emitter with another indentation. Nothing a step means is touched.
 */
final class CanvasShuffle {
    /** Dify's YAML rules both ways: a YAML 1.2 emitter would leave "yes" unquoted, which Dify reads as true. */
    private static final LoadSettings LOAD = LoadSettings.builder().setSchema(new PyYamlSchema()).build();
    private static final DumpSettings DUMP = DumpSettings.builder()
            .setSchema(new PyYamlSchema())
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(4)
            .setWidth(60)
            .setDereferenceAliases(true)
            .build();

    private final Random random;

    CanvasShuffle(long seed) {
        this.random = new Random(seed);
    }

    String reExport(String yaml) {
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) new Load(LOAD).loadFromString(yaml);
        moveCanvas(document);
        return new Dump(DUMP).dumpToString(shuffle(document));
    }

    @SuppressWarnings("unchecked")
    private void moveCanvas(Map<String, Object> document) {
        Map<String, Object> graph = (Map<String, Object>) ((Map<String, Object>) document.get("workflow")).get("graph");
        for (Object item : (List<Object>) graph.getOrDefault("nodes", List.of())) {
            Map<String, Object> node = (Map<String, Object>) item;
            double dx = random.nextInt(500) - 250.5;
            double dy = random.nextInt(500) - 250.5;
            node.put("position", Map.of("x", dx, "y", dy));
            node.put("positionAbsolute", Map.of("x", dx + 10, "y", dy + 10));
            node.put("width", 100 + random.nextInt(300));
            node.put("height", 40 + random.nextInt(200));
            node.put("selected", random.nextBoolean());
            node.put("zIndex", random.nextInt(2000));
            ((Map<String, Object>) node.get("data")).put("selected", random.nextBoolean());
        }
        for (Object item : (List<Object>) graph.getOrDefault("edges", List.of())) {
            Map<String, Object> edge = (Map<String, Object>) item;
            edge.put("selected", random.nextBoolean());
            edge.put("zIndex", random.nextInt(2000));
        }
        graph.put("viewport", Map.of("x", random.nextDouble() * 1000, "y", random.nextDouble() * 1000, "zoom", 0.5));
    }

    private Object shuffle(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Object> keys = new ArrayList<>(map.keySet());
            Collections.shuffle(keys, random);
            Map<Object, Object> shuffled = new LinkedHashMap<>();
            keys.forEach(k -> shuffled.put(k, shuffle(map.get(k))));
            return shuffled;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::shuffle).toList();
        }
        return value;
    }
}
