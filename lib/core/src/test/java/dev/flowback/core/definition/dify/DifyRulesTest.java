package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyFixtures.FORMATS;
import static dev.flowback.core.definition.dify.DifyFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.definition.DefinitionLimits;
import dev.flowback.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every rule has a fixture under src/test/resources/dify/rules that breaks it and nothing else, and its own message:
 * the rule, the field, and a sentence that says what to do. All of it happens before anything is stored.
 */
class DifyRulesTest {

    @Test
    void theBaseOfTheRuleSamplesIsValid() {
        assertEquals("dify", FORMATS.parse(bytes("rules/valid.yaml")).format().name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            edge-unknown-node.yaml      | edge.unknown-node        | workflow.graph.edges[2].target | workflow.graph.edges[2] ends at "nowhere", which is not a node
            unreachable-node.yaml       | graph.unreachable        | workflow.graph.nodes[3]        | node "orphan" (workflow.graph.nodes[3]) cannot be reached from the start node "start"
            no-entry-node.yaml          | graph.no-start           | workflow.graph.nodes           | the workflow has no entry node: it needs one start node (data.type start) or, for a triggered workflow, trigger nodes (trigger-plugin, trigger-schedule, trigger-webhook)
            two-start-nodes.yaml        | graph.several-starts     | workflow.graph.nodes           | the workflow has 2 start nodes (start, start2): exactly one is required
            duplicate-node-id.yaml      | node.duplicate-id        | workflow.graph.nodes[3].id     | workflow.graph.nodes[3].id "answer" is already used by workflow.graph.nodes[1]
            unknown-parent.yaml         | node.unknown-parent      | workflow.graph.nodes[3].parentId | workflow.graph.nodes[3].parentId "ghost" is not a node
            unknown-start-node.yaml     | node.unknown-start       | workflow.graph.nodes[2].data.start_node_id | workflow.graph.nodes[2].data.start_node_id "gone" is not a node
            reserved-parent-key.yaml    | node.reserved-key        | workflow.graph.nodes[3].data.parentId | workflow.graph.nodes[3].data.parentId clashes with the node's own parentId (its container)
            non-text-key.yaml           | yaml.key-type            | workflow.features              | key 1 in workflow.features is not text; quote it (for example '1')
            envelope-not-a-mapping.json | document.shape           | definition                     | the document is not a Dify app DSL: its top level must be a mapping
            unsupported-version.yaml    | dsl.unsupported-version  | version                        | version "0.7.0" is not a supported Dify DSL version (supported: 0.1.x, 0.2.x, 0.3.x, 0.4.x, 0.5.x, 0.6.x)
            unsupported-mode.yaml       | dsl.unsupported-mode     | app.mode                       | app.mode "chat" is not supported: Flowback versions apps defined by a graph (supported: workflow, advanced-chat)
            kind-not-app.yaml           | dsl.kind                 | kind                           | kind "rag_pipeline" is not supported: Flowback reads Dify app exports (kind: app)
            missing-workflow.yaml       | field.required           | workflow                       | workflow is required: the document is not a Dify workflow or chatflow export
            secret-with-value.yaml      | secret.value-present     | workflow.environment_variables[0].value | environment variable "API_KEY" (workflow.environment_variables[0]) is a secret and the document carries its value
            bad-plugin-identifier.yaml  | dependency.identifier    | dependencies[0].value.marketplace_plugin_unique_identifier | dependencies[0].value.marketplace_plugin_unique_identifier "langgenius/openai@1111111111111111111111111111111111111111111111111111111111111111" is not a plugin identifier
            duplicate-plugin.yaml       | dependency.duplicate     | dependencies[1].value.plugin_unique_identifier | dependencies[1].value.plugin_unique_identifier: plugin:langgenius/openai is listed twice
            duplicate-variable.yaml     | variable.duplicate-name  | workflow.conversation_variables[1].name | workflow.conversation_variables[1].name "topic" is already used by another variable
            unquoted-node-id.yaml       | field.type               | workflow.graph.nodes[2].id     | workflow.graph.nodes[2].id must be non-empty text (found 1731228347554; quote it: '1731228347554')
            malformed.yaml              | document.malformed       | definition                     | the definition is not valid YAML at line 4, column 5: expected ',' or ']', but got : (while parsing a flow sequence that starts at line 3, column 9)
            duplicate-key.yaml          | yaml.duplicate-key       | definition                     | the definition repeats the key "name" at line 4, column 3
            yaml-bomb.yaml              | yaml.aliases             | definition                     | the definition uses more than 20 aliases at line 8, column 16: YAML anchors and aliases (&name, *name) are limited
            alias-expansion.yaml        | yaml.aliases             | definition                     | the definition expands through aliases to more than twice its own size
            recursive-alias.yaml        | yaml.recursive           | workflow.features[1]           | workflow.features[1] contains itself through an alias
            several-documents.yaml      | yaml.several-documents   | definition                     | the definition holds more than one YAML document (another starts at line 4, column 1)
            python-tag.yaml             | document.malformed       | definition                     | the definition is not valid YAML at line 5, column 11: could not determine a constructor for the tag tag:yaml.org,2002:python/object/apply:os.system
            binary-value.yaml           | yaml.value-type          | workflow.features.logo         | the value at workflow.features.logo is a YAML binary value (!!binary)
            infinite-number.yaml        | yaml.value-type          | workflow.features.limit        | the value at workflow.features.limit is Infinity; JSON, and so Dify, has no infinities or NaN
            envelope-extra-key.json     | envelope.shape           | data                           | a Dify export envelope must be exactly {"data": "<the app's YAML>"}
            envelope-malformed-yaml.json | document.malformed      | data                           | the DSL in the export envelope's "data" is not valid YAML at line 4, column 5: expected ',' or ']', but got : (while parsing a flow sequence that starts at line 3, column 9)
            """)
    void eachRuleHasItsOwnMessage(String file, String rule, String field, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FORMATS.parse(bytes("rules/" + file)));
        assertTrue(e.problems().stream().anyMatch(p -> p.rule().equals(rule) && p.field().equals(field)
                        && p.message().startsWith(message)),
                () -> "expected [" + rule + "] " + field + ": " + message + "\n but got " + e.problems());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String doc = new String(bytes("rules/edge-unknown-node.yaml"), StandardCharsets.UTF_8)
                .replace("mode: workflow", "mode: completion");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FORMATS.parse(doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void anOversizedDocumentIsRefusedBeforeParsing() {
        byte[] big = new byte[DefinitionLimits.MAX_DOCUMENT_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        byte[] head = "app: {}\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, big, 0, head.length);
        InvalidInputException byRegistry = assertThrows(InvalidInputException.class, () -> FORMATS.parse(big));
        InvalidInputException byName = assertThrows(InvalidInputException.class, () -> DifyFixtures.DIFY.parse(big));
        assertEquals("document.size", byRegistry.problems().get(0).rule());
        assertEquals("document.size", byName.problems().get(0).rule());
    }

    @Test
    void deepNestingIsRefusedBeforeItCanOverflowTheStack() {
        String doc = "app: {mode: workflow}\nworkflow: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FORMATS.parse(doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals("yaml.depth", e.problems().get(0).rule());
        assertTrue(e.getMessage().startsWith("the definition nests deeper than 64 levels at line 2, column 74"),
                e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreNamedByOffset() {
        byte[] doc = "app:\n  name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FORMATS.parse(doc));
        assertEquals("the definition is not UTF-8 text: the byte at offset 16 cannot be decoded", e.getMessage());
    }

    @Test
    void aStepNoTriggerReachesIsNamedAgainstEveryEntry() {
        String doc = new String(bytes("generations/dsl-0.5-triggers.yaml"), StandardCharsets.UTF_8).replace(
                "    - data:\n        author: ops",
                "    - data: {title: Stray, type: code}\n      id: stray\n    - data:\n        author: ops");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FORMATS.parse(doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals("node \"stray\" (workflow.graph.nodes[3]) cannot be reached from any entry node (daily, hook)",
                e.getMessage());
    }

    @Test
    void aFiveMebibyteDslWorks() {
        String v1 = new String(bytes("support-bot-v1.yaml"), StandardCharsets.UTF_8);
        String big = v1.replace("template: Thanks!", "template: " + "x".repeat(5 * 1024 * 1024) + " Thanks!");
        assertTrue(big.length() > 5 * 1024 * 1024);
        assertEquals(6, FORMATS.parse(big.getBytes(StandardCharsets.UTF_8)).model().nodes().size());
    }

    @Test
    void yamlThatIsNotDifyIsNotClaimed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FORMATS.parse("services:\n  web:\n    image: nginx\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("document.format", e.problems().get(0).rule());
        assertTrue(e.getMessage().contains("known: flowback, dify"), e.getMessage());
    }
}
