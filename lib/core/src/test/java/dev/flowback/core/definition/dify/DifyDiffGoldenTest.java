package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyFixtures.bytes;
import static dev.flowback.core.definition.dify.DifyFixtures.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.diff.DefinitionDiff;
import dev.flowback.core.diff.DiffCalculator;
import dev.flowback.core.diff.DiffText;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The diff between two versions of a Dify app, as people (text) and programs (JSON) see it. The expected output
 * lives in src/test/resources/dify/diff/; a deliberate change to it shows in review exactly as users will see it.
 */
class DifyDiffGoldenTest {

    private static DefinitionDiff diff(String from, String to) {
        return DiffCalculator.diff("v1.0.0", parsed(from), false, "v1.1.0", parsed(to));
    }

    private static String golden(String name) {
        return new String(bytes("diff/" + name), StandardCharsets.UTF_8);
    }

    @Test
    void textGolden() {
        assertEquals(golden("support-bot-v1-v2.txt"), DiffText.text(diff("support-bot-v1.yaml",
                "support-bot-v2.yaml")));
    }

    @Test
    void jsonGolden() {
        assertEquals(golden("support-bot-v1-v2.json").strip(),
                DiffText.json(diff("support-bot-v1.yaml", "support-bot-v2.yaml")).strip());
    }

    @Test
    void aMovedCanvasIsLayoutOnly() {
        DefinitionDiff d = diff("support-bot-v1.yaml", "support-bot-v1-moved.yaml");
        assertTrue(d.isEmpty());
        assertTrue(d.semanticallyEqual());
        assertEquals("diff v1.0.0 → v1.1.0: no semantic change (formatting or layout only)\n", DiffText.text(d));
    }

    @Test
    void aDslVersionBumpAloneShowsInTheDiff() {
        String v1 = new String(bytes("support-bot-v1.yaml"), StandardCharsets.UTF_8);
        DefinitionDiff d = DiffCalculator.diff("a", parsed("support-bot-v1.yaml"), false, "b",
                DifyFixtures.FORMATS.parse(v1.replace("version: 0.6.0", "version: 0.5.0")
                        .getBytes(StandardCharsets.UTF_8)));
        assertFalse(d.isEmpty(), "a changed fingerprint never reads as layout only");
        assertEquals("diff a → b: 1 setting changed\n/dsl/version: \"0.6.0\" → \"0.5.0\"\n", DiffText.text(d));
    }

    /** Dify stores a sticky note's text as one long line of editor JSON; an edit deep inside must show. */
    @Test
    void aStickyNoteEditFarIntoItsTextShowsWhatChanged() {
        String note = "{\"root\":{\"children\":[{\"children\":[{\"detail\":0,\"format\":0,\"mode\":\"normal\","
                + "\"style\":\"\",\"text\":\"Keep the webhook for manual reruns; the schedule runs at 06:00 and the "
                + "on-call engineer checks the result before 07:00.\",\"type\":\"text\",\"version\":1}],"
                + "\"direction\":\"ltr\",\"format\":\"\",\"indent\":0,\"type\":\"paragraph\",\"version\":1}]}}";
        String v1 = new String(bytes("generations/dsl-0.5-triggers.yaml"), StandardCharsets.UTF_8)
                .replace("text: Keep the webhook for manual reruns.", "text: '" + note + "'");
        String v2 = v1.replace("checks the result before 07:00", "checks the result before 08:00");
        DefinitionDiff d = DiffCalculator.diff("a", DifyFixtures.FORMATS.parse(v1.getBytes(StandardCharsets.UTF_8)),
                false, "b", DifyFixtures.FORMATS.parse(v2.getBytes(StandardCharsets.UTF_8)));
        String rest = ".\\\",\\\"type\\\":\\\"text\\\",\\\"version\\\":1}],\\\"direction\\\":\\\"ltr\\\","
                + "\\\"format\\\":\\\"\\\",\\\"indent\\\":0,\\\"typ…";
        assertEquals("diff a → b: 1 setting changed\n/notes/note-1/text: "
                + "…call engineer checks the result before 07:00" + rest
                + " → …call engineer checks the result before 08:00" + rest
                + " (first difference at character 207)\n", DiffText.text(d));
    }

    @Test
    void reverseDiffSwapsAddedAndRemoved() {
        DefinitionDiff forward = diff("support-bot-v1.yaml", "support-bot-v2.yaml");
        DefinitionDiff backward = diff("support-bot-v2.yaml", "support-bot-v1.yaml");
        assertEquals(forward.nodesAdded(), backward.nodesRemoved());
        assertEquals(forward.edgesAdded(), backward.edgesRemoved());
        assertEquals(forward.resources().size(), backward.resources().size());
    }
}
