package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyFixtures.FORMATS;
import static dev.flowback.core.definition.dify.DifyFixtures.bytes;
import static dev.flowback.core.definition.dify.DifyFixtures.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Fingerprint;
import dev.flowback.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Secrets are never stored in plain text: a document whose secret environment variable carries a value is refused
 * (the snapshot is the bytes as published, so accepting it would store the secret), and the model of a document
 * with a blank secret records its name, type and description only.
 */
class SecretsRuleTest {
    private static final String SECRET_VALUE = "example-secret-value-0000";

    @Test
    void aSecretWithAValueIsRefusedAndTheMessageSaysWhatToDo() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FORMATS.parse(bytes("rules/secret-with-value.yaml")));
        assertEquals("secret.value-present", e.problems().get(0).rule());
        assertTrue(e.getMessage().contains("Export the app again without secrets"), e.getMessage());
    }

    @Test
    void theRefusalNeverRepeatsTheSecret() {
        assertTrue(new String(bytes("rules/secret-with-value.yaml"), StandardCharsets.UTF_8).contains(SECRET_VALUE));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FORMATS.parse(bytes("rules/secret-with-value.yaml")));
        assertFalse(e.getMessage().contains(SECRET_VALUE));
        e.problems().forEach(p -> assertFalse(p.field().contains(SECRET_VALUE) || p.message().contains(SECRET_VALUE)));
    }

    @Test
    void aBlankSecretIsAcceptedAndTheModelKeepsItsNameOnly() {
        JsonNode secret = model("rules/secret-blank.yaml").sections().get("environment_variables").get("API_KEY");
        assertEquals("secret", secret.get("value_type").asText());
        assertEquals("Key for the model provider", secret.get("description").asText());
        assertFalse(secret.has("value"), secret.toString());
    }

    @Test
    void aNullSecretCountsAsBlank() {
        String doc = new String(bytes("rules/secret-blank.yaml"), StandardCharsets.UTF_8).replace("value: ''",
                "value: null");
        assertFalse(FORMATS.parse(doc.getBytes(StandardCharsets.UTF_8)).model().sections()
                .get("environment_variables").get("API_KEY").has("value"));
    }

    @Test
    void noSecretValueEverReachesTheCanonicalForm() {
        String canonical = new String(Fingerprint.canonicalBytes(model("generations/dsl-0.6-loop.yaml")),
                StandardCharsets.UTF_8);
        assertTrue(canonical.contains("\"STATUS_TOKEN\":{\"description\":\"Token for the status page API\","
                        + "\"value_type\":\"secret\"}"),
                canonical);
    }
}
