package dev.flowback.core.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.Json;
import dev.flowback.core.definition.ModelEdge;
import dev.flowback.core.definition.ModelNode;
import dev.flowback.core.definition.ParsedDefinition;
import dev.flowback.core.definition.ResourceRef;
import dev.flowback.core.definition.WorkflowModel;
import dev.flowback.core.engine.EngineRequirement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Computes a {@link DefinitionDiff} between two normalized models. Pure: no I/O, no clock. */
public final class DiffCalculator {
    private DiffCalculator() {
    }

    public static DefinitionDiff diff(String fromLabel, ParsedDefinition from, boolean identicalBytes,
                                      String toLabel, ParsedDefinition to) {
        WorkflowModel a = from.model();
        WorkflowModel b = to.model();
        Map<String, ModelNode> oldNodes = byKey(a.nodes(), ModelNode::id);
        Map<String, ModelNode> newNodes = byKey(b.nodes(), ModelNode::id);

        List<NodeSummary> added = new ArrayList<>();
        List<NodeSummary> removed = new ArrayList<>();
        List<NodeChange> changed = new ArrayList<>();
        for (String id : union(oldNodes.keySet(), newNodes.keySet())) {
            ModelNode o = oldNodes.get(id);
            ModelNode n = newNodes.get(id);
            if (o == null) {
                added.add(new NodeSummary(id, n.type(), n.label()));
            } else if (n == null) {
                removed.add(new NodeSummary(id, o.type(), o.label()));
            } else {
                List<ValueChange> changes = new ArrayList<>();
                compare("", nodeBody(o), nodeBody(n), changes);
                if (!changes.isEmpty()) {
                    changed.add(new NodeChange(id, n.label(), changes));
                }
            }
        }

        Set<ModelEdge> oldEdges = new LinkedHashSet<>(a.edges());
        Set<ModelEdge> newEdges = new LinkedHashSet<>(b.edges());
        List<EdgeSummary> edgesAdded = b.edges().stream().filter(e -> !oldEdges.contains(e))
                .map(e -> EdgeSummary.of(e, newNodes, to.format())).toList();
        List<EdgeSummary> edgesRemoved = a.edges().stream().filter(e -> !newEdges.contains(e))
                .map(e -> EdgeSummary.of(e, oldNodes, from.format())).toList();

        List<ValueChange> engine = new ArrayList<>();
        compare("", engineNode(a.engine()), engineNode(b.engine()), engine);
        List<ValueChange> sections = new ArrayList<>();
        compare("", Json.MAPPER.valueToTree(a.sections()), Json.MAPPER.valueToTree(b.sections()), sections);

        boolean semanticallyEqual = from.fingerprint().equals(to.fingerprint());
        return new DefinitionDiff(fromLabel, toLabel, identicalBytes, semanticallyEqual, engine, added, removed,
                changed, edgesAdded, edgesRemoved, resources(a.resources(), b.resources()), sections);
    }

    private static List<ResourceChange> resources(List<ResourceRef> from, List<ResourceRef> to) {
        Map<String, ResourceRef> a = byKey(from, ResourceRef::uri);
        Map<String, ResourceRef> b = byKey(to, ResourceRef::uri);
        List<ResourceChange> changes = new ArrayList<>();
        for (String uri : union(a.keySet(), b.keySet())) {
            ResourceRef o = a.get(uri);
            ResourceRef n = b.get(uri);
            if (o == null) {
                changes.add(new ResourceChange(ResourceChange.Kind.ADDED, uri, "", n.sha256(), "", n.version()));
            } else if (n == null) {
                changes.add(new ResourceChange(ResourceChange.Kind.REMOVED, uri, o.sha256(), "", o.version(), ""));
            } else if (!o.equals(n)) {
                changes.add(new ResourceChange(ResourceChange.Kind.CHANGED, uri, o.sha256(), n.sha256(),
                        o.version(), n.version()));
            }
        }
        return changes;
    }

    /**
     * Structural comparison producing JSON Pointer paths. Objects compare key by key (sorted); arrays compare
     * index by index, which keeps the output small and predictable for the short lists definitions hold.
     */
    static void compare(String path, JsonNode a, JsonNode b, List<ValueChange> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (a == null || b == null) {
            out.add(new ValueChange(path.isEmpty() ? "/" : path, a, b));
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(path + "/" + escape(key), a.get(key), b.get(key), out);
            }
        } else if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                compare(path + "/" + i, a.get(i), b.get(i), out);
            }
        } else {
            out.add(new ValueChange(path.isEmpty() ? "/" : path, a, b));
        }
    }

    private static ObjectNode nodeBody(ModelNode node) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", node.type());
        body.put("title", node.title());
        body.set("params", node.params());
        return body;
    }

    private static JsonNode engineNode(EngineRequirement engine) {
        return engine == null ? null : Json.MAPPER.valueToTree(engine);
    }

    /** RFC 6901: '~' becomes '~0' and '/' becomes '~1'. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toMap(key, Function.identity(), (x, y) -> x, TreeMap::new));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
