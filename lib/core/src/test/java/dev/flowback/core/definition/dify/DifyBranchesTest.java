package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyFixtures.bytes;
import static dev.flowback.core.definition.dify.DifyFixtures.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.Json;
import dev.flowback.core.definition.ModelNode;
import dev.flowback.core.diff.DefinitionDiff;
import dev.flowback.core.diff.DiffCalculator;
import dev.flowback.core.diff.DiffText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Branches are named as Dify's canvas names them, not by their internal handle ids. */
class DifyBranchesTest {
    private static final ModelNode THREE_CASES = node("if-else", "{'cases': [{'case_id': 'true'},"
            + " {'case_id': '6f1c2a52-0d9e-4e0b-9a57-0c7a1b2f0001'}, {'case_id': 'c3'}]}");
    private static final ModelNode ONE_CASE = node("if-else", "{'cases': [{'case_id': 'billing'}]}");
    private static final ModelNode BEFORE_CASES = node("if-else", "{'conditions': [], 'logical_operator': 'and'}");
    private static final ModelNode CLASSIFIER = node("question-classifier",
            "{'classes': [{'id': '1', 'name': 'billing'}, {'id': '2', 'name': 'product'}]}");
    private static final ModelNode CODE = node("code", "{}");

    @ParameterizedTest(name = "{0} [{1}] is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            three cases  | true                                  | CASE 1
            three cases  | 6f1c2a52-0d9e-4e0b-9a57-0c7a1b2f0001  | CASE 2
            three cases  | c3, into loop                         | CASE 3, into loop
            three cases  | false                                 | ELSE
            three cases  | gone                                  | gone
            one case     | billing                               | IF
            one case     | false                                 | ELSE
            before cases | true                                  | IF
            before cases | false                                 | ELSE
            classifier   | 2                                     | CLASS 2
            classifier   | 9                                     | 9
            code         | fail-branch                           | fail-branch
            code         | into with-search                      | into with-search
            """)
    void branchesAreNamedAsDifyShowsThem(String source, String condition, String label) {
        ModelNode node = switch (source) {
            case "three cases" -> THREE_CASES;
            case "one case" -> ONE_CASE;
            case "before cases" -> BEFORE_CASES;
            case "classifier" -> CLASSIFIER;
            default -> CODE;
        };
        assertEquals(label, DifyBranches.label(node, condition));
    }

    @Test
    void aNewCaseShowsInTheDiffAsCase2() {
        String v2 = new String(bytes("support-bot-v2.yaml"), StandardCharsets.UTF_8);
        String withCase = v2.replace("""
                          id: billing
                          logical_operator: and
                """, """
                          id: billing
                          logical_operator: and
                        - case_id: 6f1c2a52-0d9e-4e0b-9a57-0c7a1b2f0001
                          conditions: []
                          logical_operator: and
                """).replace("""
                      sourceHandle: billing
                      target: ticket
                """, """
                      sourceHandle: 6f1c2a52-0d9e-4e0b-9a57-0c7a1b2f0001
                      target: ticket
                """);
        DefinitionDiff d = DiffCalculator.diff("v2", parsed("support-bot-v2.yaml"), false, "v3",
                DifyFixtures.FORMATS.parse(withCase.getBytes(StandardCharsets.UTF_8)));
        String text = DiffText.text(d);
        assertEquals(1, d.edgesAdded().size(), text);
        assertEquals("\"Route\" (route) → \"File ticket\" (ticket) [CASE 2]", d.edgesAdded().get(0).toString());
        assertEquals("\"Route\" (route) → \"File ticket\" (ticket) [IF]", d.edgesRemoved().get(0).toString());
        assertEquals("6f1c2a52-0d9e-4e0b-9a57-0c7a1b2f0001", d.edgesAdded().get(0).condition());
    }

    private static ModelNode node(String type, String singleQuotedParams) {
        try {
            ObjectNode params = (ObjectNode) Json.MAPPER.readTree(singleQuotedParams.replace('\'', '"'));
            return new ModelNode("n", type, "", params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
