package dev.flowback.core.chain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A binding is checked whole before an environment is written, and every refusal names the setting at fault. */
class EngineBindingTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dify-console-AbCdEf";
    private static final String APP = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

    private static Map<String, String> dify(String... overrides) {
        Map<String, String> settings = new HashMap<>(Map.of("console_url", "https://dify.example.com",
                "app_id", APP, "credentials_secret_arn", ARN));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                settings.remove(overrides[i]);
            } else {
                settings.put(overrides[i], overrides[i + 1]);
            }
        }
        return settings;
    }

    private static InvalidInputException refused(Map<String, String> settings) {
        return assertThrows(InvalidInputException.class, () -> EngineBinding.of("dify", settings));
    }

    @Test
    void noAdapterMeansTheEmbeddedGateWhichTakesNoSettings() {
        assertSame(EngineBinding.EMBEDDED_GATE, EngineBinding.of(null, null));
        assertSame(EngineBinding.EMBEDDED_GATE, EngineBinding.of("embedded-gate", Map.of()));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EngineBinding.of("embedded-gate", Map.of("url", "https://x")));
        assertEquals("engine.settings.url", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("takes none"), e.getMessage());
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> EngineBinding.of("temporal", Map.of()));
        assertEquals("engine.adapter", unknown.problems().get(0).field());
    }

    @Test
    void difyDefaultsCloseBothChannelsAndLogInWithABase64Password() {
        EngineBinding.Dify binding = (EngineBinding.Dify) EngineBinding.of("dify", dify());
        assertEquals(Set.of(EngineBinding.Dify.Channel.API, EngineBinding.Dify.Channel.SITE), binding.close());
        assertEquals(EngineBinding.Dify.PasswordEncoding.BASE64, binding.passwordEncoding());
        assertEquals(Map.of("console_url", "https://dify.example.com", "app_id", APP, "credentials_secret_arn", ARN,
                "close", "api,site", "password_encoding", "base64"), binding.settings());
        assertEquals(binding, EngineBinding.of("dify", binding.settings()), "the stored form reads back the same");
    }

    @Test
    void difySettingsAreRefusedByNameBeforeAnythingIsWritten() {
        assertEquals("engine.settings.console_url", refused(dify("console_url", "http://dify.example.com"))
                .problems().get(0).field(), "credentials never travel over plain http beyond loopback");
        assertEquals("engine.settings.console_url", refused(dify("console_url", "https://u:p@dify.example.com"))
                .problems().get(0).field());
        assertEquals("engine.settings.app_id", refused(dify("app_id", "my-app")).problems().get(0).field());
        InvalidInputException secret = refused(dify("credentials_secret_arn", "hunter2"));
        assertEquals("engine.settings.credentials_secret_arn", secret.problems().get(0).field());
        assertFalse(secret.getMessage().contains("hunter2"), "a value that may be the secret itself is not echoed");
        assertEquals("engine.settings.close", refused(dify("close", "api,webhook")).problems().get(0).field());
        assertEquals("engine.settings.close", refused(dify("close", "")).problems().get(0).field());
        assertEquals("engine.settings.password_encoding", refused(dify("password_encoding", "rot13"))
                .problems().get(0).field());
        assertEquals("engine.settings.api_key", refused(dify("api_key", "app-123")).problems().get(0).field(),
                "a credential put straight into the settings is refused as an unknown setting");
        assertEquals("engine.settings.credentials_secret_arn", refused(dify("credentials_secret_arn", null))
                .problems().get(0).field());
    }

    @Test
    void loopbackMayUsePlainHttpForLocalStandIns() {
        EngineBinding.Dify local = (EngineBinding.Dify) EngineBinding.of("dify",
                dify("console_url", "http://127.0.0.1:5001/"));
        assertEquals("http://127.0.0.1:5001", local.consoleUrl().toString());
    }

    @Test
    void aDifyBindingNeedsAnEnvironmentThatRunsDify() {
        EngineBinding binding = EngineBinding.of("dify", dify());
        EnvironmentRef ref = EnvironmentRef.of("wf-a", "prod");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Environment.of(ref, "flowback-engine", "2.4.1").withEngine(binding));
        assertEquals("engine.name", e.problems().get(0).field());
        assertEquals(binding, Environment.of(ref, "dify", "1.9.2").withEngine(binding).engine());
    }

    @Test
    void aWebhookNeedsAnHttpsUrlAndTheArnOfItsSigningKey() {
        EngineBinding.Webhook hook = (EngineBinding.Webhook) EngineBinding.of("webhook", Map.of(
                "url", "https://engine.internal/flowback/v1", "signing_secret_arn", ARN));
        assertEquals("https://engine.internal/flowback/v1", hook.url().toString());
        InvalidInputException query = assertThrows(InvalidInputException.class, () -> EngineBinding.of("webhook",
                Map.of("url", "https://engine.internal/hook?token=abc", "signing_secret_arn", ARN)));
        assertEquals("engine.settings.url", query.problems().get(0).field(), "no token smuggled into the URL");
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> EngineBinding.of("webhook",
                Map.of("url", "https://engine.internal/hook")));
        assertEquals("engine.settings.signing_secret_arn", missing.problems().get(0).field());
    }
}
