package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyFixtures.bytes;
import static dev.flowback.core.definition.dify.DifyFixtures.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.definition.Fingerprint;
import dev.flowback.core.definition.ParsedDefinition;
import dev.flowback.core.definition.PlaintextCredential;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values that look like credentials in plain text are found wherever Dify users put them, named by what holds them
 * and their path, and never repeated. Every key here is made up; none is, or was, real.
 */
class PlaintextCredentialsTest {
    /** The made-up secret values in credentials/plaintext.yaml: no message, note or field may contain one. */
    private static final List<String> VALUES = List.of("Qm9vS2V5VGVzdDEyMzQ1Njc4",
            "sk-proj-Fl0wb4ckT3st0nly-N0tAR34lK3y9x2", "Fb7Kq2Zx9Lm4Np8Rt3Vw", "Tk4mP9xQ2vL7wR3zN8bY",
            "eyJhbGciOiJIUzI1NiJ9", "Zr8Lp3Wq6Mn1Xv5Tk9Hd", "AKIAFL0WBACKTESTXMPL", "Fl0wb4ckT3stK3yN0tR34l");

    @Test
    void eachPlaintextCredentialIsFoundWithWhatHoldsItAndWhere() {
        List<String> found = parsed("credentials/plaintext.yaml").credentials().stream()
                .map(PlaintextCredential::describe).toList();
        assertEquals(List.of(
                "conversation variable \"session_token\" holds what looks like a credential (a long random value "
                        + "named session_token) in plain text at workflow.conversation_variables[0].value",
                "environment variable \"OPENAI_KEY\" holds an OpenAI API key (sk-…) in plain text at "
                        + "workflow.environment_variables[0].value",
                "node \"Call CRM\" (crm) holds the API key of its authorization (bearer) in plain text at "
                        + "workflow.graph.nodes[1].data.authorization.config.api_key",
                "node \"Search\" (search) holds what looks like a credential (a long random value named api_key) "
                        + "in plain text at workflow.graph.nodes[2].data.tool_parameters.api_key.value",
                "node \"Notify\" (hook) holds a credential in its Authorization line in plain text at "
                        + "workflow.graph.nodes[3].data.headers",
                "node \"Upload\" (code) holds an AWS access key id (AKIA…) in plain text at "
                        + "workflow.graph.nodes[4].data.code",
                "node \"Answer\" (answer) holds an Anthropic API key (sk-ant-…) in plain text at "
                        + "workflow.graph.nodes[5].data.prompt_template[0].text"), found);
    }

    @Test
    void noValueIsEverRepeated() {
        String fixture = new String(bytes("credentials/plaintext.yaml"), StandardCharsets.UTF_8);
        for (PlaintextCredential c : parsed("credentials/plaintext.yaml").credentials()) {
            String said = c.describe() + " " + c.remedy();
            for (String value : VALUES) {
                assertTrue(fixture.contains(value), value);
                assertFalse(said.contains(value), said);
            }
        }
    }

    @Test
    void referencesPlaceholdersIdsAndUrlsAreNoCredentials() {
        assertEquals(List.of(), parsed("credentials/references-only.yaml").credentials());
    }

    @Test
    void theRemedyForAVariableIsToMakeItSecretAndForAStepToReferToOne() {
        List<PlaintextCredential> found = parsed("credentials/plaintext.yaml").credentials();
        assertTrue(found.get(1).remedy().startsWith("Make it a secret variable (value_type: secret)"));
        assertTrue(found.get(2).remedy().contains("refer to it here as {{#env.NAME#}}"), found.get(2).remedy());
    }

    @Test
    void credentialsAreNotMeaning() {
        ParsedDefinition parsed = parsed("credentials/plaintext.yaml");
        assertEquals(Fingerprint.of(parsed.model()), parsed.fingerprint());
        assertFalse(parsed.credentials().isEmpty());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            an OpenAI API key (sk-…)        | sk-Fl0wb4ckT3stK3y0nlyN0tR34l1234567890abcd
            an OpenAI API key (sk-…)        | Bearer sk-proj-Fl0wb4ck_T3st-K3y0nly9N0tR34l
            an Anthropic API key (sk-ant-…) | sk-ant-api03-Fl0wb4ckT3stK3y0nlyN0tR34l
            an AWS access key id (AKIA…)    | id=AKIAFL0WBACKTESTXMPL;
            a GitHub token (ghp_…)          | ghp_Fl0wb4ckT3stK3y0nlyN0tR34l1234567890
            a GitHub token (ghp_…)          | github_pat_11Fl0wb4ckT3stK3y0nlyN0tR34l
            a Slack token (xox…)            | xoxb-123456789012-Fl0wb4ckT3st
            a Google API key (AIza…)        | AIzaSyFl0wb4ckT3stK3y0nlyN0tR34l1234567
            a Stripe live key (sk_live_…)   | sk_live_Fl0wb4ckT3stK3y0nly
            a JSON Web Token (eyJ…)         | eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRlc3Q
            none                            | sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx
            none                            | sk-your-api-key-goes-here-123
            none                            | AKIAXXXXXXXXXXXXXXXX
            none                            | task-Fl0wb4ckT3stK3y0nlyN0tR34l
            none                            | Bearer {{#env.OPENAI_KEY#}}
            """)
    void wellKnownFormats(String kind, String text) {
        assertEquals(kind.equals("none") ? Optional.empty() : Optional.of(kind), CredentialPatterns.knownFormat(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"api_key, true", "OPENAI_API_KEY, true", "apiKey, true", "access_token, true", "DB_PASSWORD, true",
            "client_secret, true", "token, true", "credentials, true", "max_tokens, false", "credential_id, false",
            "token_type, false", "API_KEY_HEADER, false", "keyword, false", "author, false", "monkey, false"})
    void credentialNames(String name, boolean credential) {
        assertEquals(credential, CredentialPatterns.isCredentialName(name));
    }
}
