package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionSubstitutionsTest {

    @Test
    void replacesEveryTokenWithItsValueTakenLiterally() {
        String result = DefinitionSubstitutions.apply("{\"a\": \"${A}\", \"b\": \"${B}-${A}\"}",
                Map.of("A", "arn:$1", "B", "x"));

        assertEquals("{\"a\": \"arn:$1\", \"b\": \"x-arn:$1\"}", result);
    }

    @Test
    void leavesJsonPathsAndIntrinsicsAlone() {
        String definition = "{\"x.$\": \"States.Format('{}', $.id)\", \"y.$\": \"$$.Execution.Id\"}";

        assertEquals(definition, DefinitionSubstitutions.apply(definition, Map.of()));
    }

    @Test
    void namesEveryMissingToken() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DefinitionSubstitutions.apply("${One} ${Two} ${One}", Map.of()));

        assertEquals("no substitution for ${One}, ${Two} (given: [])", error.getMessage());
    }
}
