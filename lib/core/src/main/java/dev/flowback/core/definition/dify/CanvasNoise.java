package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What in a Dify graph is editor state rather than meaning, written down in one place (docs/dify.md says the same).
 *
 * <p>A node or edge in the DSL is a React Flow canvas object. Dify's engine reads a node's {@code id},
 * {@code data} and container ({@code parentId}), and an edge's {@code source}, {@code target} and handles; every
 * other key beside them (position, positionAbsolute, width, height, selected, dragging, zIndex, sourcePosition,
 * targetPosition, the renderer {@code type}, draggable, selectable, an edge's id and its {@code data} of derived
 * sourceType/targetType/isInIteration/isInLoop) is drawn or derived by the editor. So the node and edge levels are
 * read through an allow-list, and {@code data}, which is the node's meaning, through a short deny-list: unknown keys
 * in {@code data} count, because missing a real change is worse than showing a harmless one.
 */
final class CanvasNoise {
    /** The renderer type Dify gives sticky notes: canvas annotations, not steps. */
    static final String NOTE_RENDERER = "custom-note";

    /**
     * Keys in a node's {@code data} that the editor writes for itself: selection, and the canvas size of
     * containers (iteration, loop) and notes.
     */
    private static final Set<String> DATA_KEYS = Set.of("selected", "width", "height");

    /** How a note looks: its colour and whether the author's name is shown. */
    private static final Set<String> NOTE_STYLE_KEYS = Set.of("theme", "showAuthor");

    /** The handles an edge has when it carries no branch: Dify writes them, or leaves them out, for plain edges. */
    static final String DEFAULT_SOURCE_HANDLE = "source";
    static final String DEFAULT_TARGET_HANDLE = "target";

    private CanvasNoise() {
    }

    /**
     * A node's {@code data} without editor state, {@code type} and {@code title} (the model holds those apart),
     * and without an empty {@code desc}: Dify started writing {@code desc: ''} on every node, and an empty
     * description says nothing.
     */
    static ObjectNode nodeParams(ObjectNode data) {
        ObjectNode params = data.deepCopy();
        params.remove(List.of("type", "title"));
        removeEditorKeys(params);
        return params;
    }

    /** A note's content (its text and author) without its look. */
    static ObjectNode noteContent(ObjectNode data) {
        ObjectNode content = nodeParams(data);
        content.remove(NOTE_STYLE_KEYS);
        String title = data.path("title").asText("");
        if (!title.isEmpty()) {
            content.put("title", title);
        }
        return content;
    }

    private static void removeEditorKeys(ObjectNode params) {
        List<String> drop = new ArrayList<>(DATA_KEYS);
        // Keys starting with '_' are the editor's runtime state (Dify strips them before saving; older exports leak
        // some).
        params.fieldNames().forEachRemaining(key -> {
            if (key.startsWith("_")) {
                drop.add(key);
            }
        });
        JsonNode desc = params.get("desc");
        if (desc != null && (desc.isNull() || desc.isTextual() && desc.asText().isEmpty())) {
            drop.add("desc");
        }
        params.remove(drop);
    }
}
