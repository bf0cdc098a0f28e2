package dev.flowback.core.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.flowback.FlowbackJsonFormat;
import dev.flowback.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlowbackJsonFormatTest {
    private final DefinitionFormats formats = DefinitionFormats.standard();

    static ObjectNode v1() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes("definitions/triage-v1.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] with(Consumer<ObjectNode> change) {
        ObjectNode doc = v1();
        change.accept(doc);
        return doc.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ArrayNode nodes(ObjectNode doc) {
        return (ArrayNode) doc.get("nodes");
    }

    static ArrayNode edges(ObjectNode doc) {
        return (ArrayNode) doc.get("edges");
    }

    @Test
    void parsesTheSample() {
        ParsedDefinition parsed = formats.parse(Fixtures.bytes("definitions/triage-v1.json"));
        assertEquals("flowback", parsed.format().name());
        assertEquals(5, parsed.model().nodes().size());
        assertEquals("flowback-engine ^2.1.0", parsed.model().engine().toString());
        assertEquals("billing", parsed.model().nodes().get(0).id(), "nodes are sorted by id");
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of("duplicate node id", (Consumer<ObjectNode>) d -> ((ObjectNode) nodes(d).get(4)).put("id",
                        "billing"),
                        "node.duplicate-id", "nodes[4].id \"billing\" is already used by nodes[3]"),
                Arguments.of("edge to unknown node", (Consumer<ObjectNode>) d -> ((ObjectNode) edges(d).get(1))
                        .put("to", "nowhere"),
                        "edge.unknown-node", "edges[1] ends at \"nowhere\", which is not a node"),
                Arguments.of("edge from unknown node", (Consumer<ObjectNode>) d -> ((ObjectNode) edges(d).get(0))
                        .put("from", "ghost"),
                        "edge.unknown-node", "edges[0] starts at \"ghost\", which is not a node"),
                Arguments.of("no start node", (Consumer<ObjectNode>) d -> ((ObjectNode) nodes(d).get(0)).put("type",
                        "trigger"),
                        "graph.no-start", "the workflow has no start node: exactly one is required"),
                Arguments.of("two start nodes", (Consumer<ObjectNode>) d -> ((ObjectNode) nodes(d).get(2)).put("type",
                        "start"),
                        "graph.several-starts",
                                "the workflow has 2 start nodes (start, route): exactly one is required"),
                Arguments.of("unreachable node", (Consumer<ObjectNode>) d -> edges(d).remove(3),
                        "graph.unreachable",
                                "node \"engineering\" (nodes[4]) cannot be reached from the start node \"start\""),
                Arguments.of("malformed resource hash", (Consumer<ObjectNode>) d -> ((ObjectNode) d.get("resources")
                        .get(0)).put("sha256", "ABC123"),
                        "resource.hash",
                                "resources[0].sha256 \"ABC123\" is malformed: a SHA-256 is 64 lower-case hex"
                                        + " characters"),
                Arguments.of("unsupported schemaVersion", (Consumer<ObjectNode>) d -> d.put("schemaVersion", "2.0"),
                        "schema.unsupported", "schemaVersion \"2.0\" is not supported (supported: 1.0)"),
                Arguments.of("missing schemaVersion", (Consumer<ObjectNode>) d -> d.remove("schemaVersion"),
                        "field.required", "schemaVersion is required"),
                Arguments.of("invalid node id", (Consumer<ObjectNode>) d -> ((ObjectNode) nodes(d).get(3)).put("id",
                        "bill ing"),
                        "node.id-syntax",
                                "nodes[3].id \"bill ing\" is invalid: 1 to 128 letters, digits, '.', '_' or '-',"
                                        + " starting with a letter or digit"),
                Arguments.of("bad engine range", (Consumer<ObjectNode>) d -> ((ObjectNode) d.get("engine"))
                        .put("version", "soon"),
                        "engine.range",
                                "engine.version \"soon\" is not a version range (use 2.1.0, ^2.1.0, ~2.1.0, 2.x or"
                                        + " >=2.1.0 <3.0.0)"),
                Arguments.of("missing engine", (Consumer<ObjectNode>) d -> d.remove("engine"),
                        "field.required", "engine is required: an object {\"name\": ..., \"version\": ...}"),
                Arguments.of("typo in a top-level key", (Consumer<ObjectNode>) d -> d.set("egdes", d.remove("edges")),
                        "field.unknown", "unknown field \"egdes\""),
                Arguments.of("params not an object", (Consumer<ObjectNode>) d -> ((ObjectNode) nodes(d).get(1))
                        .put("params", "x"),
                        "field.type", "nodes[1].params must be an object"),
                Arguments.of("empty nodes", (Consumer<ObjectNode>) d -> d.putArray("nodes"),
                        "field.required", "nodes is required: a non-empty array of nodes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void eachRuleHasItsOwnMessage(String name, Consumer<ObjectNode> change, String rule, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> formats.parse(with(change)));
        assertTrue(e.problems().stream().anyMatch(p -> p.rule().equals(rule) && p.message().startsWith(message)),
                () -> "expected [" + rule + "] " + message + " but got " + e.problems());
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        byte[] doc = "{\n  \"schemaVersion\": \"1.0\",\n  \"nodes\": [\n}".getBytes(StandardCharsets.UTF_8);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> formats.parse(doc));
        assertTrue(e.getMessage().startsWith("the definition is not valid JSON at line 4, column 1"), e.getMessage());
    }

    @Test
    void duplicateKeysAreRejected() {
        byte[] doc = "{\"schemaVersion\": \"1.0\", \"schemaVersion\": \"2.0\"}".getBytes(StandardCharsets.UTF_8);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> formats.parse(doc));
        assertTrue(e.getMessage().contains("Duplicate field 'schemaVersion'"), e.getMessage());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        byte[] doc = with(d -> {
            d.put("schemaVersion", "9");
            ((ObjectNode) d.get("resources").get(0)).put("sha256", "nothex");
        });
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> formats.parse(doc));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("2 problems: "), e.getMessage());
    }

    @Test
    void unknownFormatIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> formats.parse("just text".getBytes(StandardCharsets.UTF_8)));
        assertEquals("document.format", e.problems().get(0).rule());
        assertTrue(e.getMessage().contains("known: flowback"), e.getMessage());
    }

    @Test
    void sizeLimitIsCheckedBeforeParsing() {
        byte[] big = new byte[DefinitionLimits.MAX_DOCUMENT_BYTES + 1];
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> formats.parse(big));
        assertEquals("document.size", e.problems().get(0).rule());
        assertTrue(e.getMessage().contains("the limit is 10485760 bytes (10 MiB)"), e.getMessage());
    }

    @Test
    void aFiveMebibyteDefinitionWorks() {
        byte[] doc = with(d -> ((ObjectNode) nodes(d).get(1).get("params")).put("notes", "x".repeat(5 * 1024 * 1024)));
        assertTrue(doc.length > 5 * 1024 * 1024);
        assertEquals(5, formats.parse(doc).model().nodes().size());
    }

    @Test
    void fingerprintIgnoresFormattingKeyOrderAndLayout() {
        ParsedDefinition a = formats.parse(Fixtures.bytes("definitions/triage-v1.json"));
        ParsedDefinition b = formats.parse(Fixtures.bytes("definitions/triage-v1-reformatted.json"));
        assertNotEquals(ContentHash.of(Fixtures.bytes("definitions/triage-v1.json")),
                ContentHash.of(Fixtures.bytes("definitions/triage-v1-reformatted.json")));
        assertEquals(a.fingerprint(), b.fingerprint());
    }

    @Test
    void fingerprintSeesSemanticChanges() {
        ParsedDefinition a = formats.parse(Fixtures.bytes("definitions/triage-v1.json"));
        ParsedDefinition b = formats.parse(with(d -> ((ObjectNode) nodes(d).get(3).get("params")).put("timeoutMs",
                3001)));
        ParsedDefinition c = formats.parse(with(d -> ((ObjectNode) d.get("env")).put("QUEUE_REGION", "us-east-1")));
        assertNotEquals(a.fingerprint(), b.fingerprint());
        assertNotEquals(a.fingerprint(), c.fingerprint());
    }

    @Test
    void fingerprintTreatsEqualNumbersAsEqual() {
        // RFC 8785 writes numbers in their shortest round-trip form: 3000, 3000.0 and 3e3 are one value.
        ParsedDefinition a = formats.parse(with(d -> ((ObjectNode) nodes(d).get(3).get("params")).put("timeoutMs",
                3000)));
        byte[] b = new String(with(d -> { }), StandardCharsets.UTF_8).replace("\"timeoutMs\":3000", "\"timeoutMs\":3e3")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(a.fingerprint(), formats.parse(b).fingerprint());
    }

    @Test
    void theEnvelopeOfADifyExportIsNotClaimed() {
        assertTrue(!new FlowbackJsonFormat().recognizes("{\"data\": \"app: {}\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
