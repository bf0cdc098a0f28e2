package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AslValidatorTest {

    private static final Map<String, String> ARNS = Map.of(
            "PrepareFunctionArn", LocalLambdaServer.functionArn("prepare"),
            "ApplyFunctionArn", LocalLambdaServer.functionArn("apply"),
            "CompensateFunctionArn", LocalLambdaServer.functionArn("compensate"));

    @Test
    void acceptsAValidDefinitionOnceItsPlaceholdersAreFilled() {
        assertDoesNotThrow(() -> AslValidator.validate(TestFiles.resource("/asl/tiny-flow.asl.json"), ARNS));
    }

    @Test
    void rejectsADefinitionWithAMissingTransitionTarget() {
        AslValidationError error = assertThrows(AslValidationError.class,
                () -> AslValidator.validate(TestFiles.resource("/asl/broken.asl.json")));

        assertTrue(error.getMessage().contains("MISSING_TRANSITION_TARGET"), error.getMessage());
    }

    @Test
    void namesTheOriginalFileWhenASubstitutedDefinitionIsRejected() {
        AslValidationError error = assertThrows(AslValidationError.class,
                () -> AslValidator.validate(TestFiles.resource("/asl/broken.asl.json"), Map.of()));

        assertTrue(error.getMessage().contains("broken.asl.json"), error.getMessage());
    }
}
