package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyFixtures.FORMATS;
import static dev.flowback.core.definition.dify.DifyFixtures.bytes;
import static dev.flowback.core.definition.dify.DifyFixtures.parsed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.Fingerprint;
import dev.flowback.core.definition.ParsedDefinition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The semantic fingerprint sees what Dify runs and shows, and nothing the editor writes for itself.
 * support-bot-v1-moved.yaml is support-bot-v1.yaml re-exported after tidying the canvas: nodes moved and resized,
 * one selected, z-order, viewport, edge ids and edge data changed, keys and node order reversed, flow style,
 * another indentation, a comment, default handles left out, empty descriptions dropped, editor runtime keys leaked.
 */
class DifyFingerprintTest {

    @Test
    void aLayoutOnlyReExportHasTheSameFingerprint() {
        assertNotEquals(ContentHash.of(bytes("support-bot-v1.yaml")),
                ContentHash.of(bytes("support-bot-v1-moved.yaml")));
        assertEquals(parsed("support-bot-v1.yaml").fingerprint(), parsed("support-bot-v1-moved.yaml").fingerprint());
    }

    @Test
    void aSemanticChangeHasAnotherFingerprint() {
        assertNotEquals(parsed("support-bot-v1.yaml").fingerprint(), parsed("support-bot-v2.yaml").fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/dify/meaning-changes.psv", delimiter = '|', quoteCharacter = '\'',
            maxCharsPerColumn = 4096)
    void eachKindOfMeaningCounts(String what, String from, String to) {
        String v1 = new String(bytes("support-bot-v1.yaml"), StandardCharsets.UTF_8);
        String changed = v1.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertNotEquals(v1, changed, "the fixture must contain " + from);
        assertNotEquals(parsed("support-bot-v1.yaml").fingerprint(),
                FORMATS.parse(changed.getBytes(StandardCharsets.UTF_8)).fingerprint(), what + " is meaning");
    }

    @Test
    void theEnvelopeIsTransportOnly() {
        assertEquals(parsed("support-bot-v1.yaml").fingerprint(), parsed("support-bot-v1.export-api.json")
                .fingerprint());
    }

    @Test
    void parsingNeverTouchesTheBytes() {
        byte[] published = bytes("support-bot-v2.yaml");
        byte[] copy = published.clone();
        ParsedDefinition first = FORMATS.parse(published);
        assertArrayEquals(copy, published, "the snapshot is the bytes as published");
        assertEquals(first.fingerprint(), FORMATS.parse(copy).fingerprint());
    }

    @Test
    void theCanonicalFormIsStable() {
        assertArrayEquals(Fingerprint.canonicalBytes(parsed("support-bot-v1.yaml").model()),
                Fingerprint.canonicalBytes(parsed("support-bot-v1-moved.yaml").model()));
    }

    /**
     * An edit counts exactly when Dify reads a different value (PyYAML 6.0.2 safe_load: '000568' is text, 568 an int;
     * 1_000 and 1000 are both 1000). The last column is what the YAML 1.2 core schema, read before, concluded.
     */
    @ParameterizedTest(name = "{0} → {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            000568   | 568      | changes  | YAML 1.2: 568 both times, no change
            0o17     | 15       | changes  | YAML 1.2: 15 both times, no change
            1_000    | 1000     | the same | YAML 1.2: text, then a number
            on       | true     | the same | YAML 1.2: text, then a boolean
            Off      | false    | the same | YAML 1.2: text, then a boolean
            1:30     | 90       | the same | YAML 1.2: text, then a number
            017      | 15       | the same | YAML 1.2: 17, then 15
            1e3      | "1e3"    | the same | YAML 1.2: a number, then text
            "0x1F"   | 0x1F     | changes  | YAML 1.2 agrees: text, then 31
            """)
    void anEditCountsExactlyWhenDifyReadsAnotherValue(String from, String to, String verdict, String yaml12) {
        String base = new String(bytes("rules/valid.yaml"), StandardCharsets.UTF_8);
        String before = base.replace("        type: llm\n", "        type: llm\n        max_retries: " + from + "\n");
        String after = base.replace("        type: llm\n", "        type: llm\n        max_retries: " + to + "\n");
        assertNotEquals(base, before, "the fixture must have an llm node");
        ContentHash a = FORMATS.parse(before.getBytes(StandardCharsets.UTF_8)).fingerprint();
        ContentHash b = FORMATS.parse(after.getBytes(StandardCharsets.UTF_8)).fingerprint();
        if (verdict.equals("changes")) {
            assertNotEquals(a, b, from + " → " + to + " is a change to Dify");
        } else {
            assertEquals(a, b, from + " → " + to + " is the same value to Dify");
        }
    }
}
