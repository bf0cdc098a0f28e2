package dev.flowback.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.definition.ParsedDefinition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Golden cases: the expected text and JSON live in src/test/resources/diff/. A deliberate change to the output
 * format means updating those files, and the review then shows exactly what users will see differently.
 */
class DiffGoldenTest {
    private final DefinitionFormats formats = DefinitionFormats.standard();

    private DefinitionDiff diff(String from, String to) {
        ParsedDefinition a = formats.parse(Fixtures.bytes("definitions/" + from + ".json"));
        ParsedDefinition b = formats.parse(Fixtures.bytes("definitions/" + to + ".json"));
        return DiffCalculator.diff("v1.0.0", a, false, "v2.0.0", b);
    }

    private static String golden(String name) {
        return new String(Fixtures.bytes("diff/" + name), StandardCharsets.UTF_8);
    }

    @Test
    void textGolden() {
        assertEquals(golden("triage-v1-v2.txt"), DiffText.text(diff("triage-v1", "triage-v2")));
    }

    @Test
    void jsonGolden() {
        assertEquals(golden("triage-v1-v2.json").strip(), DiffText.json(diff("triage-v1", "triage-v2")).strip());
    }

    @Test
    void reverseDiffSwapsAddedAndRemoved() {
        DefinitionDiff forward = diff("triage-v1", "triage-v2");
        DefinitionDiff backward = diff("triage-v2", "triage-v1");
        assertEquals(forward.nodesAdded(), backward.nodesRemoved());
        assertEquals(forward.edgesAdded(), backward.edgesRemoved());
        assertEquals(forward.nodesChanged().size(), backward.nodesChanged().size());
    }

    @Test
    void layoutOnlyChangeIsEmptyAndSaysSo() {
        DefinitionDiff d = diff("triage-v1", "triage-v1-reformatted");
        assertTrue(d.isEmpty());
        assertTrue(d.semanticallyEqual());
        assertFalse(d.identicalBytes());
        assertEquals("diff v1.0.0 → v2.0.0: no semantic change (formatting or layout only)\n", DiffText.text(d));
    }

    @Test
    void deterministic() {
        assertEquals(DiffText.json(diff("triage-v1", "triage-v2")), DiffText.json(diff("triage-v1", "triage-v2")));
    }

    @Test
    void pointerEscaping() {
        assertEquals("a~1b~0c", DiffCalculator.escape("a/b~c"));
    }
}
