package dev.flowback.engine.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineControl.RunningVersion;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.error.EngineUnavailableException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.emulators.MotoServer;
import dev.flowback.secrets.SecretsManagerStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The webhook adapter against the reference engine, its signing key in moto's Secrets Manager. */
class WebhookEngineTest {
    private static final String KEY = "webhook key 7f3a9c";
    private static final EnvironmentRef REF = EnvironmentRef.of("wf-hook", "prod");
    private static MotoServer moto;
    private static SecretsManagerClient client;
    private static String keyArn;
    private static WebhookEngine adapter;
    private static final InMemoryPorts MEM = new InMemoryPorts();

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        client = SecretsManagerStore.client(AwsSettings.local("testing", "testing",
                Map.of("secretsmanager", moto.endpoint())));
        keyArn = client.createSecret(b -> b.name("hook-key").secretString(KEY)).arn();
        adapter = new WebhookEngine(new SecretsManagerStore(client, Clock.systemUTC(), Duration.ofMinutes(5)),
                Clock.systemUTC(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    private static VerifiedDefinition publish(String version) {
        String json = "{\"schemaVersion\": \"1.0\", \"name\": \"t\", \"engine\": {\"name\": \"acme\", \"version\":"
                + " \"^3.0.0\"}, \"nodes\": [{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"a\", \"type\":"
                + " \"llm\", \"params\": {\"prompt\": \"" + version + "\"}}], \"edges\": [{\"from\": \"start\","
                + " \"to\": \"a\"}]}";
        MEM.registry.publish(PublishRequest.of(REF.workflow(), VersionId.of(version),
                json.getBytes(StandardCharsets.UTF_8), "test", ""));
        return MEM.registry.read(REF.workflow(), VersionId.of(version));
    }

    private static EngineCall call(URI url, String arn) {
        return new EngineCall(REF, new EngineBinding.Webhook(url, arn), "exec-hook");
    }

    @Test
    void everyOperationReachesTheEngineSignedAndApplyHandsItExactlyTheBytes() {
        VerifiedDefinition v1 = publish("v1.0.0");
        try (ReferenceEngine engine = ReferenceEngine.start(KEY.getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC())) {
            EngineCall call = call(engine.url(), keyArn);
            assertNull(adapter.running(call).sha256(), "runs nothing yet");
            adapter.closeAdmission(call);
            assertFalse(engine.admits());
            engine.setInFlight(3);
            assertEquals(3, adapter.countInFlight(call));
            RunningVersion applied = adapter.apply(call, v1);
            assertEquals(VersionId.of("v1.0.0"), applied.version());
            assertEquals(v1.version().sha256(), applied.sha256());
            assertArrayEquals(v1.bytes(), engine.runningDefinition());
            assertEquals(v1.version().sha256(), adapter.running(call).sha256());
            adapter.openAdmission(call);
            assertTrue(engine.admits());
        }
    }

    @Test
    void theEnginesRefusalsAndOutagesAreToldApart() {
        VerifiedDefinition v2 = publish("v2.0.0");
        try (ReferenceEngine engine = ReferenceEngine.start("the engine's own key".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC())) {
            EngineRefusedException badKey = assertThrows(EngineRefusedException.class,
                    () -> adapter.countInFlight(call(engine.url(), keyArn)));
            assertTrue(badKey.getMessage().contains("refused the request's signature"), badKey.getMessage());
            assertFalse(badKey.getMessage().contains(KEY), "never the key");
        }
        try (ReferenceEngine engine = ReferenceEngine.start(KEY.getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC())) {
            EngineCall call = call(engine.url(), keyArn);
            engine.failNextWith(503);
            assertThrows(EngineUnavailableException.class, () -> adapter.apply(call, v2));
            engine.failNextWith(422);
            EngineRefusedException refused = assertThrows(EngineRefusedException.class, () -> adapter.apply(call, v2));
            assertTrue(refused.getMessage().contains("422 injected: failing on purpose"), refused.getMessage());
            assertNull(engine.runningSha256());
        }
        try (ReferenceEngine broken = ReferenceEngine.start(KEY.getBytes(StandardCharsets.UTF_8), Clock.systemUTC(),
                ReferenceEngine.Flaw.COUNTS_NEGATIVE)) {
            EngineRefusedException protocol = assertThrows(EngineRefusedException.class,
                    () -> adapter.countInFlight(call(broken.url(), keyArn)));
            assertTrue(protocol.getMessage().contains("broke the protocol"), protocol.getMessage());
        }
        assertThrows(EngineUnavailableException.class,
                () -> adapter.running(call(URI.create("http://127.0.0.1:9/hook"), keyArn)));
    }

    @Test
    void aRotatedKeyIsReadAgainAfterTheEngineRefusesTheOldOne() {
        String arn = client.createSecret(b -> b.name("hook-rotating").secretString("old key")).arn();
        try (ReferenceEngine engine = ReferenceEngine.start("old key".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC())) {
            adapter.closeAdmission(call(engine.url(), arn));
        }
        client.putSecretValue(b -> b.secretId(arn).secretString("new key"));
        try (ReferenceEngine engine = ReferenceEngine.start("new key".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC())) {
            adapter.closeAdmission(call(engine.url(), arn));
            assertFalse(engine.admits(), "signed with the new key after one refusal of the cached old one");
        }
    }
}
