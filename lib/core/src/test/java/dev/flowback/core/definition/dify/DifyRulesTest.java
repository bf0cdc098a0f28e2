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
import org.junit.jupiter.params.provider.CsvFileSource;

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
    @CsvFileSource(resources = "/dify/rules/expected-problems.psv", delimiter = '|', quoteCharacter = '\'',
            maxCharsPerColumn = 4096)
    void eachRuleHasItsOwnMessage(String file, String rule, String field, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FORMATS.parse(bytes("rules/"
                + file)));
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
