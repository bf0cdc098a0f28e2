package dev.flowback.core.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The semantic fingerprint: SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) form of the normalized
 * model. The model has already dropped editor-only noise and sorted its collections; JCS then fixes key order,
 * whitespace, string escaping and number formatting, so two documents that mean the same hash the same.
 *
 * <p>The canonical form is written straight into the digest ({@link CanonicalJson}): a fingerprint costs one walk
 * of the model's tree and no copy of its text, which is most of a large definition's publish otherwise.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static ContentHash of(WorkflowModel model) {
        MessageDigest digest = ContentHash.newDigest();
        write(model, new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
            }
        });
        return new ContentHash(HexFormat.of().formatHex(digest.digest()));
    }

    /** The exact bytes that are hashed, exposed so the form can be inspected and documented. */
    public static byte[] canonicalBytes(WorkflowModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(model, bytes);
        return bytes.toByteArray();
    }

    private static void write(WorkflowModel model, OutputStream out) {
        try {
            CanonicalJson.write(tree(model), out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a canonical form into memory cannot fail", e);
        }
    }

    /**
     * The tree Jackson serializes the model as (its records' components by name, nulls included), built over the
     * model's own parameter and section nodes rather than a copy of them: {@code Json.MAPPER.valueToTree} would copy
     * every prompt's node. CanonicalJsonTest holds the result to Jackson's own serialization of the model.
     */
    static JsonNode tree(WorkflowModel model) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("format", model.format());
        root.put("schemaVersion", model.schemaVersion());
        if (model.engine() == null) {
            root.putNull("engine");
        } else {
            root.putObject("engine").put("name", model.engine().name())
                    .put("versionRange", model.engine().versionRange());
        }
        ArrayNode nodeArray = root.putArray("nodes");
        for (ModelNode node : model.nodes()) {
            ObjectNode item = nodeArray.addObject().put("id", node.id()).put("type", node.type())
                    .put("title", node.title());
            item.set("params", node.params());
        }
        ArrayNode edgeArray = root.putArray("edges");
        for (ModelEdge edge : model.edges()) {
            edgeArray.addObject().put("from", edge.from()).put("to", edge.to()).put("condition", edge.condition());
        }
        ArrayNode resourceArray = root.putArray("resources");
        for (ResourceRef resource : model.resources()) {
            resourceArray.addObject().put("uri", resource.uri()).put("sha256", resource.sha256())
                    .put("version", resource.version());
        }
        ObjectNode sections = root.putObject("sections");
        model.sections().forEach((name, section) -> sections.set(name, section == null ? nodes.nullNode() : section));
        return root;
    }
}
