package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyFixtures.DIFY;
import static dev.flowback.core.definition.dify.DifyFixtures.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flowback.core.definition.CompatibilityFinding;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.definition.WorkflowModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a switch from the live version to a target would lose: plugins the live one pins, secrets it has. */
class RollbackFindingsTest {

    @Test
    void rollingBackToAVersionWithoutThePluginAndTheSecretReportsBoth() {
        // v2 is live: it added the tavily plugin and the SEARCH_API_KEY secret; v1 has neither.
        List<CompatibilityFinding> findings =
                DIFY.compatibilityFindings(model("support-bot-v2.yaml"), model("support-bot-v1.yaml"));
        assertEquals(List.of(
                CompatibilityFinding.forceable("plugin langgenius/tavily 0.1.2 is a dependency of the live version but"
                        + " the target does not list it: after the switch nothing pins it, so check that the target's"
                        + " steps do not need it"),
                CompatibilityFinding.blocking("secret environment variable SEARCH_API_KEY exists in the live version"
                        + " but not as a secret in the target: switching would remove it from Dify, and a rollback"
                        + " must never wipe a secret; publish a target that declares it (blank, as Dify exports it)"
                        + " and roll back to that")),
                findings);
    }

    @Test
    void rollingForwardLosesNothing() {
        assertEquals(List.of(), DIFY.compatibilityFindings(model("support-bot-v1.yaml"), model("support-bot-v2.yaml")));
    }

    @Test
    void aPluginUpgradeOrDowngradeIsNotALoss() {
        // The diff shows a version change; only a plugin missing from the target is a finding.
        String v2 = new String(DifyFixtures.bytes("support-bot-v2.yaml"), StandardCharsets.UTF_8);
        WorkflowModel downgraded = DifyFixtures.FORMATS.parse(v2.replace(
                "langgenius/openai:0.2.9@" + "2".repeat(64), "langgenius/openai:0.2.8@" + "1".repeat(64))
                .getBytes(StandardCharsets.UTF_8)).model();
        assertEquals(List.of(), DIFY.compatibilityFindings(model("support-bot-v2.yaml"), downgraded));
    }

    @Test
    void aSecretTurnedIntoAPlainVariableIsALoss() {
        String v2 = new String(DifyFixtures.bytes("support-bot-v2.yaml"), StandardCharsets.UTF_8);
        WorkflowModel plain = DifyFixtures.FORMATS.parse(v2.replace("value_type: secret", "value_type: string")
                .getBytes(StandardCharsets.UTF_8)).model();
        assertEquals(1, DIFY.compatibilityFindings(model("support-bot-v2.yaml"), plain).size());
    }

    @Test
    void aModelOfAnotherFormatGivesNoFindings() {
        WorkflowModel flowback = DefinitionFormats.standard().parse(Fixtures.bytes("definitions/triage-v1.json"))
                .model();
        assertEquals(List.of(), DIFY.compatibilityFindings(flowback, model("support-bot-v1.yaml")));
    }
}
