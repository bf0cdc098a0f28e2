package dev.flowback.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Json;
import org.junit.jupiter.api.Test;

/** How one changed value reads in the text diff. */
class DiffTextTest {

    private static JsonNode text(String value) {
        return Json.MAPPER.getNodeFactory().textNode(value);
    }

    @Test
    void shortValuesShowWhole() {
        assertEquals("\"gpt-4o-mini\" → \"gpt-4o\"", DiffText.changed(text("gpt-4o-mini"), text("gpt-4o")));
        assertEquals("0.2 → 0.9", DiffText.changed(Json.MAPPER.valueToTree(0.2), Json.MAPPER.valueToTree(0.9)));
    }

    @Test
    void anEditPastTheCutShowsTheChangedRegionOnBothSides() {
        String head = "You are a support agent. ".repeat(12);
        String tail = " Keep answers short and friendly, and never promise a refund.";
        String line = DiffText.changed(text(head + "Answer in English." + tail),
                text(head + "Answer in French." + tail));
        String[] sides = line.split(" → ");
        assertEquals(2, sides.length, line);
        assertTrue(sides[0].startsWith("…") && sides[1].startsWith("…"), line);
        assertTrue(sides[0].contains("Answer in English.") && sides[1].contains("Answer in French."), line);
        assertTrue(line.endsWith(" (first difference at character " + (head.length() + 11) + ")"), line);
        assertTrue(sides[0].length() <= 125, line);
    }

    @Test
    void aQuoteMarksARealEndAndAnEllipsisACut() {
        String line = DiffText.changed(text("a".repeat(150)), text("a".repeat(150) + "b"));
        assertEquals("…" + "a".repeat(40) + "\" → …" + "a".repeat(40) + "b\" (first difference at character 151)",
                line);
        String early = DiffText.changed(text("x" + "a".repeat(200)), text("y" + "a".repeat(200)));
        assertTrue(early.startsWith("\"x" + "a".repeat(119) + "… → \"y"), early);
    }

    @Test
    void aWindowNeverSplitsACharacter() {
        String emoji = "\uD83D\uDE80";
        for (int pad = 50; pad < 54; pad++) {
            String base = "a".repeat(pad) + emoji.repeat(30);
            String line = DiffText.changed(text(base + "old" + emoji.repeat(80)),
                    text(base + "new" + emoji.repeat(80)));
            for (String side : line.split(" → ")) {
                assertTrue(side.codePoints().noneMatch(c -> Character.isSurrogate((char) c) && c < 0x10000), side);
            }
        }
    }
}
