package dev.flowback.engine.dify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.flowback.emulators.DifyStandIn;
import dev.flowback.emulators.MotoServer;
import dev.flowback.secrets.SecretsManagerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Dify adapter against the Dify console stand-in (tools/python/dify-standin, built from Dify's sources: no real
 * Dify runs here) with its credentials in moto's Secrets Manager. The stand-in keeps every published workflow with the
 * exact YAML its import carried, so the tests can check what Dify was handed byte for byte.
 */
class DifyEngineTest {
    private static final String EMAIL = "flowback@example.com";
    private static final String PASSWORD = "correct horse battery staple";
    private static final EnvironmentRef REF = EnvironmentRef.of("support-bot", "prod");
    private static final AtomicInteger APPS = new AtomicInteger();

    private static MotoServer moto;
    private static DifyStandIn dify;
    private static SecretsManagerClient secretsClient;
    private static String credentialsArn;
    private static DifyEngine engine;
    private static final InMemoryPorts MEM = new InMemoryPorts();
    private static VerifiedDefinition v1;
    private static VerifiedDefinition v2;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dify = DifyStandIn.start();
        dify.addAccount(EMAIL, PASSWORD);
        secretsClient = SecretsManagerStore.client(AwsSettings.local("testing",
                "testing", Map.of("secretsmanager", moto.endpoint())));
        credentialsArn = secret("dify-console", "{\"email\": \"" + EMAIL + "\", \"password\": \"" + PASSWORD + "\"}");
        engine = new DifyEngine(new SecretsManagerStore(secretsClient, Clock.systemUTC(), Duration.ofMinutes(5)),
                Duration.ofSeconds(10));
        v1 = publish("v1", example("v1.yaml"));
        v2 = publish("v2", example("v2.yaml"));
    }

    @AfterAll
    static void stop() {
        dify.close();
        moto.close();
    }

    static String secret(String name, String value) {
        return secretsClient.createSecret(b -> b.name(name + "-" + APPS.incrementAndGet()).secretString(value)).arn();
    }

    static byte[] example(String file) {
        Path root = Path.of(System.getProperty("flowback.root", "../.."));
        try {
            return Files.readAllBytes(root.resolve("examples").resolve("dify-support-bot").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VerifiedDefinition publish(String version, byte[] bytes) {
        MEM.registry.publish(PublishRequest.of(REF.workflow(), VersionId.of(version), bytes, "test", ""));
        return MEM.registry.read(REF.workflow(), VersionId.of(version));
    }

    private static EngineCall call(EngineBinding.Dify binding) {
        return new EngineCall(REF, binding, "exec-dify-test");
    }

    private static EngineBinding.Dify binding(String appId) {
        return EngineBinding.Dify.of(dify.consoleUrl(), appId, credentialsArn);
    }

    @Test
    void applyImportsIntoTheAppPublishesAndReadsBackExactlyTheTargetsBytes() {
        String app = dify.createApp("Support bot", "advanced-chat");
        EngineCall call = call(binding(app));
        RunningVersion nothing = engine.running(call);
        assertNull(nothing.sha256());
        assertTrue(nothing.description().contains("published nothing"), nothing.description());

        RunningVersion first = engine.apply(call, v1);
        assertEquals(VersionId.of("v1"), first.version());
        assertEquals(v1.version().sha256(), first.sha256());
        assertEquals(new String(example("v1.yaml"), StandardCharsets.UTF_8), dify.publishedYaml(app).get(0));

        engine.apply(call, v2);
        RunningVersion back = engine.apply(call, v1);
        List<String> published = dify.publishedYaml(app);
        assertEquals(3, published.size());
        assertEquals(new String(example("v1.yaml"), StandardCharsets.UTF_8), published.get(2),
                "rolled back: Dify publishes exactly v1's bytes again");
        assertEquals(v1.version().sha256(), back.sha256());
        JsonNode row = dify.app(app).path("published").get(2);
        assertEquals("v1", row.path("marked_name").asText());
        assertEquals("flowback v1 sha256:" + v1.version().sha256().hex(), row.path("marked_comment").asText());

        engine.apply(call, v1);
        assertEquals(3, dify.publishedYaml(app).size(), "a replayed apply finds v1 published and publishes nothing");
        assertEquals(v1.version().sha256(), engine.running(call).sha256());
    }

    @Test
    void closingSwitchesOffTheApiAndWebAppRunsInFlightAreCountedAndKeepTheirWorkflow() {
        String app = dify.createApp("Support bot", "advanced-chat");
        EngineCall call = call(binding(app));
        engine.apply(call, v1);
        String running = dify.startRun(app);
        String pinnedTo = dify.run(running).path("workflow_id").asText();

        engine.closeAdmission(call);
        engine.closeAdmission(call);
        assertFalse(dify.app(app).path("enable_api").asBoolean());
        assertFalse(dify.app(app).path("enable_site").asBoolean());
        assertThrows(IllegalStateException.class, () -> dify.startRun(app), "Dify refuses new runs: API disabled");
        assertEquals(1, engine.countInFlight(call));

        engine.apply(call, v2);
        assertEquals(pinnedTo, dify.run(running).path("workflow_id").asText(),
                "the run in flight keeps the workflow it started on: Dify pins runs");
        assertNotEquals(pinnedTo, dify.app(app).path("workflow_id").asText());
        dify.finishRun(running);
        assertEquals(0, engine.countInFlight(call), "drained");

        engine.openAdmission(call);
        assertTrue(dify.app(app).path("enable_api").asBoolean());
        assertTrue(dify.app(app).path("enable_site").asBoolean());
        String after = dify.startRun(app);
        assertEquals(dify.app(app).path("workflow_id").asText(), dify.run(after).path("workflow_id").asText());
    }

    @Test
    void onlyTheListedChannelsAreSwitched() {
        String app = dify.createApp("Support bot", "advanced-chat");
        EngineCall call = call(new EngineBinding.Dify(dify.consoleUrl(), app, credentialsArn,
                EnumSet.of(EngineBinding.Dify.Channel.API), null));
        engine.closeAdmission(call);
        assertFalse(dify.app(app).path("enable_api").asBoolean());
        assertTrue(dify.app(app).path("enable_site").asBoolean(), "the web app was not listed: left alone");
    }

    @Test
    void aPendingImportOfADslNewerThanDifyIsConfirmedThenPublished() {
        try (DifyStandIn older = DifyStandIn.start(new DifyStandIn.Options("0.5.0", "base64"))) {
            older.addAccount(EMAIL, PASSWORD);
            String app = older.createApp("Support bot", "advanced-chat");
            EngineCall call = call(EngineBinding.Dify.of(older.consoleUrl(), app, credentialsArn));
            RunningVersion applied = engine.apply(call, v1);
            assertEquals(v1.version().sha256(), applied.sha256());
            assertEquals(new String(example("v1.yaml"), StandardCharsets.UTF_8), older.publishedYaml(app).get(0));
            List<String> paths = paths(older);
            assertTrue(paths.stream().anyMatch(p -> p.matches("/console/api/apps/imports/[^/]+/confirm")),
                    "the 0.6.0 DSL was pending on a 0.5.0 Dify and was confirmed: " + paths);
        }
    }

    private static List<String> paths(DifyStandIn standIn) {
        List<String> out = new ArrayList<>();
        standIn.calls().forEach(c -> out.add(c.get(1).asText()));
        return out;
    }

    @Test
    void anOlderDifyThatWantsThePasswordPlainIsReachedWithPasswordEncodingPlain() {
        try (DifyStandIn plain = DifyStandIn.start(new DifyStandIn.Options("0.6.0", "plain"))) {
            plain.addAccount(EMAIL, PASSWORD);
            String app = plain.createApp("Support bot", "advanced-chat");
            EngineRefusedException base64 = assertThrows(EngineRefusedException.class, () -> engine.running(
                    call(EngineBinding.Dify.of(plain.consoleUrl(), app, credentialsArn))));
            assertTrue(base64.getMessage().contains("password_encoding to plain"), base64.getMessage());
            EngineCall call = call(new EngineBinding.Dify(plain.consoleUrl(), app, credentialsArn,
                    EnumSet.allOf(EngineBinding.Dify.Channel.class), EngineBinding.Dify.PasswordEncoding.PLAIN));
            assertEquals(v2.version().sha256(), engine.apply(call, v2).sha256());
        }
    }

    @Test
    void whatDifyRefusesIsRefusedWithDifysWordsAndNoCredential() {
        String app = dify.createApp("Support bot", "advanced-chat");
        String wrong = secret("dify-wrong", "{\"email\": \"" + EMAIL + "\", \"password\": \"not-it\"}");
        EngineRefusedException login = assertThrows(EngineRefusedException.class, () -> engine.countInFlight(
                call(EngineBinding.Dify.of(dify.consoleUrl(), app, wrong))));
        assertTrue(login.getMessage().contains("Invalid email or password"), login.getMessage());
        assertFalse(login.getMessage().contains("not-it"), "never the password");

        String shapeless = secret("dify-shapeless", "hunter2");
        EngineRefusedException shape = assertThrows(EngineRefusedException.class, () -> engine.running(
                call(EngineBinding.Dify.of(dify.consoleUrl(), app, shapeless))));
        assertTrue(shape.getMessage().contains("\"email\""), shape.getMessage());
        assertFalse(shape.getMessage().contains("hunter2"));

        String unknown = "00000000-0000-4000-8000-000000000000";
        EngineRefusedException noApp = assertThrows(EngineRefusedException.class,
                () -> engine.running(call(binding(unknown))));
        assertTrue(noApp.getMessage().contains("no workflow app " + unknown), noApp.getMessage());
        EngineRefusedException noAppImport = assertThrows(EngineRefusedException.class,
                () -> engine.apply(call(binding(unknown)), v1));
        assertTrue(noAppImport.getMessage().contains("no workflow app"), noAppImport.getMessage());

        String chat = dify.createApp("Chat bot", "chat");
        EngineRefusedException wrongMode = assertThrows(EngineRefusedException.class,
                () -> engine.countInFlight(call(binding(chat))));
        assertTrue(wrongMode.getMessage().contains("App mode is not in the supported list"), wrongMode.getMessage());

        dify.failNextImport("Invalid YAML format: mapping values are not allowed here");
        EngineRefusedException badImport = assertThrows(EngineRefusedException.class,
                () -> engine.apply(call(binding(app)), v1));
        assertTrue(badImport.getMessage().contains("did not import") && badImport.getMessage()
                .contains("mapping values are not allowed"), badImport.getMessage());

        dify.failNextPublish("Workflow validation failed: the start node is missing");
        EngineRefusedException badPublish = assertThrows(EngineRefusedException.class,
                () -> engine.apply(call(binding(app)), v1));
        assertTrue(badPublish.getMessage().contains("start node is missing"), badPublish.getMessage());
        assertTrue(dify.publishedYaml(app).isEmpty(), "nothing was published");
    }

    @Test
    void aFlowbackJsonTargetIsRefusedBeforeDifyIsCalled() {
        String app = dify.createApp("Support bot", "advanced-chat");
        VerifiedDefinition json = publish("v9", ("{\"schemaVersion\": \"1.0\", \"name\": \"t\", \"engine\": {\"name\":"
                + " \"dify\", \"version\": \"^1.0.0\"}, \"nodes\": [{\"id\": \"start\", \"type\": \"start\"}],"
                + " \"edges\": []}").getBytes(StandardCharsets.UTF_8));
        int calls = dify.calls().size();
        EngineRefusedException e = assertThrows(EngineRefusedException.class, () -> engine.apply(call(binding(app)),
                json));
        assertTrue(e.getMessage().contains("imports only Dify DSL"), e.getMessage());
        assertEquals(calls, dify.calls().size());
    }

    @Test
    void aDifyThatDoesNotAnswerIsUnavailableNotRefused() {
        EngineCall call = call(EngineBinding.Dify.of(URI.create("http://127.0.0.1:9"),
                "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", credentialsArn));
        assertThrows(EngineUnavailableException.class, () -> engine.running(call), "retried by the state machine");
    }
}
