package dev.flowback.core.definition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * The streamed canonical writer against the reference it replaced: {@code JsonCanonicalizer} over Jackson's text
 * of the same tree. Fingerprints recorded before the writer existed must still match, so any byte of difference on
 * any document fails here.
 */
class CanonicalJsonTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void everyFixtureModelCanonicalizesAsTheReferenceDoes() throws IOException {
        List<Path> documents;
        try (Stream<Path> files = Stream.concat(Files.walk(Paths.get("src/test/resources")),
                Files.walk(Paths.get("../../examples")))) {
            documents = files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".yaml"))
                    .sorted().toList();
        }
        int compared = 0;
        for (Path document : documents) {
            ParsedDefinition parsed;
            try {
                parsed = DefinitionFormats.standard().parse(Files.readAllBytes(document));
            } catch (RuntimeException refused) {
                continue; // the corpus holds documents meant to be refused; they have no model to fingerprint
            }
            byte[] before = referenceOfModel(parsed.model());
            assertArrayEquals(before, Fingerprint.canonicalBytes(parsed.model()), document.toString());
            assertEquals(ContentHash.of(before), parsed.fingerprint(), document.toString());
            compared++;
        }
        assertTrue(compared >= 20, "only " + compared + " fixture models were compared");
    }

    @Test
    void awkwardStringsKeysAndNumbersCanonicalizeAsTheReferenceDoes() {
        ObjectNode tree = NODES.objectNode();
        tree.put("z", "last by code unit");
        tree.put("é", "accented key sorts after z");
        tree.put("\uD83D\uDE00", "an emoji key: a surrogate pair sorts before U+FFFF");
        tree.put("\uFFFF", "the last BMP code unit");
        tree.put("A", "upper case first");
        tree.put("controls", "tab\t nl\n cr\r ff\f bs\b nul\u0000 us\u001f del\u007f quote\" backslash\\ slash/");
        tree.put("unicode", "naïve — résumé ✓ 𝄞 \u2028\u2029");
        tree.put("lone", "high \uD800 then text, low \uDC00 alone, high at end \uD83D");
        tree.put("empty", "");
        // A surrogate pair across the writer's 2048-char chunks, and a lone high surrogate at a chunk's end.
        tree.put("pair-at-chunk-end", "x".repeat(2047) + "\uD83D\uDE00" + "é".repeat(3000));
        tree.put("lone-at-chunk-end", "x".repeat(2047) + "\uD83D" + "y".repeat(10));
        tree.putNull("nothing");
        tree.put("yes", true);
        tree.put("no", false);
        ArrayNode numbers = tree.putArray("numbers");
        numbers.add(0).add(-1).add(3000).add(Long.MAX_VALUE).add(9007199254740993L).add(-9007199254740993L)
                .add(0.1).add(-0.0).add(1e21).add(1e-7).add(123456789.123456789).add(5e-324).add(1.7976931348623157e308)
                .add(Double.POSITIVE_INFINITY).add(Double.NaN).add(2.5f)
                .add(new BigInteger("123456789012345678901234567890")).add(new java.math.BigDecimal("1.50"))
                .add(new java.math.BigDecimal("1E+3"));
        ObjectNode nested = tree.putObject("nested");
        nested.putArray("empty");
        nested.putObject("none");
        nested.putArray("mixed").add("a").add(NODES.objectNode().put("b", 1)).addNull().add(NODES.arrayNode().add(2));
        assertArrayEquals(reference(tree), streamed(tree));
    }

    @Test
    void aLongTextCrossesTheWritersBufferIntact() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(i % 7 == 0 ? "é" : i % 11 == 0 ? "\n" : i % 13 == 0 ? "\uD83D\uDE00" : "x");
        }
        ObjectNode tree = NODES.objectNode().put("prompt", text.toString());
        assertArrayEquals(reference(tree), streamed(tree));
    }

    @Test
    void aModelWithoutEngineOrSchemaVersionCanonicalizesAsTheReferenceDoes() {
        WorkflowModel model = new WorkflowModel("flowback", null, null,
                List.of(new ModelNode("b", "llm", null, NODES.objectNode().put("prompt", "p"))),
                List.of(new ModelEdge("a", "b", null)), List.of(new ResourceRef("s3://x", null, "1.0")),
                java.util.Map.of("env", NODES.objectNode().put("K", "v"), "about", NODES.nullNode()));
        assertArrayEquals(referenceOfModel(model), Fingerprint.canonicalBytes(model));
    }

    private static byte[] streamed(JsonNode tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CanonicalJson.write(tree, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** How the fingerprint was computed before: Jackson's text of the model, canonicalized by the library. */
    private static byte[] referenceOfModel(WorkflowModel model) {
        try {
            return new JsonCanonicalizer(Json.MAPPER.writeValueAsString(model)).getEncodedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same reference for any tree. */
    private static byte[] reference(JsonNode tree) {
        try {
            return new JsonCanonicalizer(Json.MAPPER.writeValueAsString(tree)).getEncodedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
