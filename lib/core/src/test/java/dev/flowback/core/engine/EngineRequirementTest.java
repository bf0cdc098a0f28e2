package dev.flowback.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineRequirementTest {
    @ParameterizedTest(name = "{0} admits {1}: {2}")
    @CsvSource({
            "^2.1.0, 2.1.0, true", "^2.1.0, 2.9.3, true", "^2.1.0, 3.0.0, false", "^2.1.0, 2.0.9, false",
            "~2.1.0, 2.1.7, true", "~2.1.0, 2.2.0, false", "2.x, 2.0.0, true", "2.x, 3.0.0, false",
            "'>=1.2.0 <2.0.0', 1.9.9, true", "'>=1.2.0 <2.0.0', 2.0.0, false", "1.4.2, 1.4.2, true",
            "1.4.2, 1.4.3, false", "^0.3.1, 0.3.9, true", "^0.3.1, 0.4.0, false", "^2.0.0, 2.0.0-rc.1, false"})
    void ranges(String range, String version, boolean admits) {
        assertEquals(admits, VersionRange.parse(range).orElseThrow()
                .admits(SemanticVersion.parse(version).orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource({"'^x'", "'>=abc'", "'1.2.3.4'", "'~'"})
    void unreadableRanges(String range) {
        assertTrue(VersionRange.parse(range).isEmpty());
    }

    @ParameterizedTest(name = "{0} {1} on {2} {3}: {4}")
    @CsvSource({
            "dify, ^1.4.0, dify, 1.9.0, ",
            "dify, ^1.4.0, Dify, 1.4.0, ",
            "dify, ^1.4.0, dify, 2.0.0, engine major version differs",
            "dify, '>=1.0.0', dify, 2.3.0, engine major version differs",
            "dify, ^1.4.0, n8n, 1.9.0, needs engine 'dify'",
            "dify, ^1.4.0, dify, 1.3.0, is outside the definition's range",
            "dify, ^1.4.0, dify, latest, is not a semantic version"})
    void compatibility(String name, String range, String engine, String version, String expected) {
        var finding = new EngineRequirement(name, range).incompatibilityWith(engine, version);
        if (expected == null) {
            assertFalse(finding.isPresent(), () -> finding.get());
        } else {
            assertTrue(finding.orElseThrow().contains(expected), finding.get());
        }
    }
}
