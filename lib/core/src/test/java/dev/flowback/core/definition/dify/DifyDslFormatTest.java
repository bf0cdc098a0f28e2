package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyFixtures.bytes;
import static dev.flowback.core.definition.dify.DifyFixtures.model;
import static dev.flowback.core.definition.dify.DifyFixtures.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.definition.ModelEdge;
import dev.flowback.core.definition.ModelNode;
import dev.flowback.core.definition.ParsedDefinition;
import dev.flowback.core.definition.ResourceRef;
import dev.flowback.core.definition.WorkflowModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the format reads from each DSL generation, and what it leaves out. */
class DifyDslFormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "generations/dsl-0.1-workflow.yaml,      0.1.5, workflow,      ^1.0.0,  3, 2, 0",
            "generations/dsl-0.1-without-version.yaml, 0.1.0, workflow,    ^1.0.0,  3, 2, 0",
            "generations/dsl-0.2-workflow.yaml,      0.2.0, workflow,      ^1.0.0,  4, 3, 1",
            "generations/dsl-0.3-advanced-chat.yaml, 0.3.0, advanced-chat, ^1.0.0,  4, 3, 0",
            "generations/dsl-0.4-iteration.yaml,     0.4.0, workflow,      ^1.0.0,  5, 3, 1",
            "generations/dsl-0.5-triggers.yaml,      0.5.0, workflow,      ^1.10.0, 3, 2, 0",
            "generations/dsl-0.6-loop.yaml,          0.6.0, advanced-chat, ^1.0.0,  5, 3, 1",
    })
    void readsEachGeneration(String file, String version, String mode, String engineRange, int nodes, int edges,
                             int plugins) {
        WorkflowModel m = model(file);
        assertEquals("dify", m.format());
        assertEquals(version, m.schemaVersion());
        assertEquals("dify " + engineRange, m.engine().toString());
        assertEquals(mode, m.sections().get("app").get("mode").asText());
        assertEquals(version, m.sections().get("dsl").get("version").asText());
        assertEquals(nodes, m.nodes().size());
        assertEquals(edges, m.edges().size());
        assertEquals(plugins, m.resources().size());
    }

    @Test
    void anExportWithoutAVersionIsDsl010AsDifyReadsItAndTheReadingSaysSo() {
        ParsedDefinition parsed = parsed("generations/dsl-0.1-without-version.yaml");
        assertEquals(List.of("the document states no DSL version: read as 0.1.0, the version Dify's importer "
                + "assumes for an export without one"), parsed.notes());
        String stated = new String(bytes("generations/dsl-0.1-without-version.yaml"), StandardCharsets.UTF_8)
                .replace("kind: app\n", "kind: app\nversion: 0.1.0\n");
        ParsedDefinition explicit = DifyFixtures.FORMATS.parse(stated.getBytes(StandardCharsets.UTF_8));
        assertEquals(parsed.fingerprint(), explicit.fingerprint(), "Dify imports both alike");
        assertEquals(List.of(), explicit.notes());
    }

    /** Dify tests {@code not data.get("version")}: Python's falsy values all mean "no version". */
    @ParameterizedTest(name = "version: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''
            null
            ""
            0
            false
            []
            """)
    void aFalsyVersionIsNoVersion(String value) {
        String doc = new String(bytes("generations/dsl-0.1-without-version.yaml"), StandardCharsets.UTF_8)
                .replace("kind: app\n", "kind: app\nversion: " + (value == null ? "" : value) + "\n");
        ParsedDefinition parsed = DifyFixtures.FORMATS.parse(doc.getBytes(StandardCharsets.UTF_8));
        assertEquals("0.1.0", parsed.model().schemaVersion());
        assertEquals(1, parsed.notes().size());
    }

    @Test
    void nodesKeepTheirMeaningWithoutCanvasState() {
        ModelNode classify = node(model("support-bot-v1.yaml"), "classify");
        assertEquals("llm", classify.type());
        assertEquals("Classify", classify.title());
        assertEquals("\"Classify\" (classify)", classify.label());
        assertEquals("gpt-4o-mini", classify.params().at("/model/name").asText());
        for (String noise : List.of("selected", "type", "title", "desc", "position", "width", "height")) {
            assertFalse(classify.params().has(noise), noise + " is not a parameter");
        }
    }

    @Test
    void aNonEmptyDescriptionIsMeaning() {
        ModelNode search = node(model("support-bot-v2.yaml"), "search");
        assertEquals("Searches the web for the customer's question", search.params().get("desc").asText());
    }

    @Test
    void edgesKeepSourceTargetAndBranch() {
        List<String> edges = model("support-bot-v1.yaml").edges().stream().map(ModelEdge::toString).toList();
        assertEquals(List.of("canned → answer", "classify → route", "route → canned [false]",
                "route → ticket [billing]",
                "start → classify", "ticket → answer"), edges);
    }

    @Test
    void aTargetHandleOtherThanTheDefaultIsPartOfTheCondition() {
        assertEquals("true", DifyGraph.condition("true", "target"));
        assertEquals("into with-search", DifyGraph.condition("source", "with-search"));
        assertEquals("false, into no-search", DifyGraph.condition("false", "no-search"));
        assertEquals("", DifyGraph.condition("source", "target"));
    }

    @Test
    void pluginsBecomeResourcesPinnedByHash() {
        List<ResourceRef> plugins = model("support-bot-v2.yaml").resources();
        assertEquals(List.of(
                new ResourceRef("plugin:langgenius/openai", "2".repeat(64), "0.2.9"),
                new ResourceRef("plugin:langgenius/tavily", "3".repeat(64), "0.1.2")), plugins);
        assertEquals(new ResourceRef("plugin:acme/statuspage", "6".repeat(64), "1.2.0"),
                model("generations/dsl-0.6-loop.yaml").resources().get(0), "a GitHub plugin reads like any other");
    }

    @Test
    void stepsInsideAContainerNameItAndAreReachableThroughIt() {
        WorkflowModel m = model("generations/dsl-0.4-iteration.yaml");
        assertEquals("loop", node(m, "translate").params().get("parentId").asText());
        assertEquals("iteration-start", node(m, "loopstart").type());
        assertFalse(node(m, "loop").params().has("width"), "a container's canvas size is not a parameter");
    }

    @Test
    void notesAreContentApartFromTheGraph() {
        WorkflowModel m = model("generations/dsl-0.5-triggers.yaml");
        assertTrue(m.nodes().stream().noneMatch(n -> n.id().equals("note-1")), "a note is not a step");
        JsonNode note = m.sections().get("notes").get("note-1");
        assertEquals("Keep the webhook for manual reruns.", note.get("text").asText());
        assertEquals("ops", note.get("author").asText());
        assertFalse(note.has("theme") || note.has("showAuthor") || note.has("width"), note.toString());
    }

    @Test
    void variablesAreKeyedByNameWithoutGeneratedIds() {
        JsonNode env = model("support-bot-v1.yaml").sections().get("environment_variables");
        assertEquals("https://tickets.example.com/v1", env.at("/TICKET_API_URL/value").asText());
        assertFalse(env.get("TICKET_API_URL").has("id"));
        assertFalse(env.get("TICKET_API_URL").has("selector"));
    }

    @Test
    void emptySectionsAreLeftOutSoAbsentAndEmptyMeanTheSame() {
        WorkflowModel m = model("generations/dsl-0.2-workflow.yaml");
        assertEquals(List.of("app", "dsl"), List.copyOf(m.sections().keySet()));
    }

    @Test
    void theCanvasViewportIsNotASection() {
        assertTrue(model("generations/dsl-0.4-iteration.yaml").sections().keySet().stream()
                .noneMatch(name -> name.contains("viewport")));
    }

    @Test
    void theExportEnvelopeReadsLikeItsYaml() {
        assertEquals("dify", parsed("support-bot-v1.export-api.json").format().name());
        assertEquals(parsed("support-bot-v1.yaml").fingerprint(), parsed("support-bot-v1.export-api.json")
                .fingerprint());
    }

    @Test
    void recognition() {
        DifyDslFormat dify = DifyFixtures.DIFY;
        assertTrue(dify.recognizes(bytes("support-bot-v1.yaml")));
        assertTrue(dify.recognizes(bytes("support-bot-v1-moved.yaml")), "a comment first, and workflow before app");
        assertTrue(dify.recognizes(bytes("support-bot-v1.export-api.json")));
        assertTrue(dify.recognizes("kind: app\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(dify.recognizes("{\"schemaVersion\": \"1.0\"}".getBytes(StandardCharsets.UTF_8)),
                "other JSON objects are Flowback JSON");
        assertFalse(dify.recognizes("services:\n  web:\n    image: nginx\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(dify.recognizes("kind: Deployment\napiVersion: apps/v1\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(dify.recognizes("  app: nested\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theRegistryDetectsEachFormat() {
        assertEquals("dify", parsed("generations/dsl-0.3-advanced-chat.yaml").format().name());
        assertEquals("flowback", DifyFixtures.FORMATS.parse(Fixtures.bytes(
                "definitions/triage-v1.json")).format().name());
    }

    private static ModelNode node(WorkflowModel m, String id) {
        return m.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }
}
