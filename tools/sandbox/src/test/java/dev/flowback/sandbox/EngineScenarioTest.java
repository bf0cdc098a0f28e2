package dev.flowback.sandbox;

import static dev.flowback.sandbox.ChainFixture.executionName;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.emulators.DifyStandIn;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.emulators.MotoServer;
import dev.flowback.engine.webhook.ReferenceEngine;
import dev.flowback.secrets.SecretsManagerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rollbacks through the real state machine and handlers (LocalRollbackRunner) of environments whose engine is not an
 * embedded one: a Dify app on the Dify console stand-in (tools/python/dify-standin, built from Dify's sources: no
 * real Dify runs here) and an engine speaking the webhook protocol (the reference engine of lib/engine-webhook's test
 * jar). Engine credentials live in moto's Secrets Manager and are named in the environment only by ARN.
 */
class EngineScenarioTest {
    private static final String EMAIL = "flowback@example.com";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String HOOK_KEY = "a-webhook-signing-key-of-enough-length";
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();

    private static MotoServer moto;
    private static DifyStandIn dify;
    private static ReferenceEngine hook;
    private static ChainFixture chain;
    private static String difyCredentials;
    private static String hookKey;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dify = DifyStandIn.start();
        dify.addAccount(EMAIL, PASSWORD);
        hook = ReferenceEngine.start(HOOK_KEY.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        chain = new ChainFixture(Map.of("secretsmanager", moto.endpoint()));
        try (SecretsManagerClient secrets = SecretsManagerStore.client(chain.aws)) {
            difyCredentials = secrets.createSecret(b -> b.name("dify-console").secretString("{\"email\": \"" + EMAIL
                    + "\", \"password\": \"" + PASSWORD + "\"}")).arn();
            hookKey = secrets.createSecret(b -> b.name("engine-hook").secretString(HOOK_KEY)).arn();
        }
    }

    @AfterAll
    static void stop() {
        chain.close();
        hook.close();
        dify.close();
        moto.close();
    }

    private static byte[] example(String file) {
        try {
            return Files.readAllBytes(LocalTooling.get().root().resolve("examples").resolve("dify-support-bot")
                    .resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workflow whose prod environment is bound to {@code engine}, with {@code versions} published. */
    private static String workflow(String engineName, String engineVersion, EngineBinding engine,
                                   Map<String, byte[]> versions) {
        String wf = "wf-engine-" + WORKFLOWS.incrementAndGet();
        chain.runner.environments().create(Environment.of(EnvironmentRef.of(wf, "prod"), engineName, engineVersion)
                .withHealth(HealthSignals.builder().alarms(List.of(wf + "-errors")).build())
                .withRollout(ChainFixture.quick()).withEngine(engine));
        versions.forEach((version, bytes) -> chain.runner.registry().publish(PublishRequest.of(WorkflowId.of(wf),
                VersionId.of(version), bytes, "scenario", "")));
        return wf;
    }

    /** The support bot's v2 export with one prompt edited, as the next export after it would read. */
    private static byte[] v3() {
        String v2 = new String(example("v2.yaml"), StandardCharsets.UTF_8);
        String v3 = v2.replace("Classify the customer message.", "Classify the customer message carefully.");
        assertFalse(v3.equals(v2), "the prompt to edit is in the example");
        return v3.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A Dify app with v2 then v3 published to it through the chain, so v3 runs and v2 ran before. (Not v1: v2 adds
     * a secret variable, and validate refuses a rollback that would wipe one from Dify.)
     */
    private static String difyAppOnV3(String app) {
        String wf = workflow("dify", "1.4.0", EngineBinding.Dify.of(dify.consoleUrl(), app, difyCredentials),
                new TreeMap<>(Map.of("v2", example("v2.yaml"), "v3", v3())));
        chain.deploy(wf, "v2", "v3");
        assertEquals(new String(v3(), StandardCharsets.UTF_8), last(dify.publishedYaml(app)));
        return wf;
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }

    @Test
    void aRollbackOfADifyAppEndsWithDifyPublishingExactlyTheTargetsBytes() {
        String app = dify.createApp("Support bot", "advanced-chat");
        String wf = difyAppOnV3(app);
        String name = executionName("dify-back");
        RollbackRun run = chain.rollback(name, wf, "v2");
        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        assertEquals(new String(example("v2.yaml"), StandardCharsets.UTF_8), last(dify.publishedYaml(app)),
                "Dify was handed, and published, v2's exact bytes");
        assertEquals(3, dify.publishedYaml(app).size());
        assertEquals(VersionId.of("v2"), chain.state(wf).pointer().activeVersion());
        assertTrue(dify.app(app).path("enable_api").asBoolean() && dify.app(app).path("enable_site").asBoolean(),
                "the pause switched the app off, verification switched it back on");
        assertTrue(dify.acceptsRuns(app));
        assertEquals(RollbackStatus.SUCCEEDED, chain.record(wf, name).status());
    }

    @Test
    void aFailedDifyImportIsCompensatedAndTheRecordSaysWhy() {
        failedApplyIsCompensated("dify-import-fails", "Invalid YAML format: scenario fault", dify::failNextImport);
    }

    @Test
    void aFailedDifyPublishIsCompensatedAndTheRecordSaysWhy() {
        failedApplyIsCompensated("dify-publish-fails", "publish scenario fault", dify::failNextPublish);
    }

    /**
     * A rollback of a Dify app on v3 to v2 with {@code fault} injected into the stand-in: the pointer is back on v3,
     * which Dify still publishes, the app admits runs again and the record says why.
     */
    private static void failedApplyIsCompensated(String what, String cause, Consumer<String> fault) {
        String app = dify.createApp("Support bot", "advanced-chat");
        String wf = difyAppOnV3(app);
        fault.accept(cause);
        String name = executionName(what);
        RollbackRun run = chain.rollback(name, wf, "v2");
        assertFalse(run.succeeded());
        assertEquals(EngineRefusedException.class.getName(), run.error(), run.cause());
        assertEquals(VersionId.of("v3"), chain.state(wf).pointer().activeVersion(), "pointer restored");
        assertFalse(chain.state(wf).gate().isClosed(), "gate reopened");
        assertEquals(2, dify.publishedYaml(app).size(), "nothing new published");
        assertEquals(new String(v3(), StandardCharsets.UTF_8), last(dify.publishedYaml(app)));
        assertTrue(dify.acceptsRuns(app), "the app's API and web app are back on");
        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.FAILED, record.status());
        assertEquals(EngineRefusedException.class.getName(), record.error());
        assertTrue(record.message().contains(cause), record.message());
        assertTrue(record.message().contains("pointer was restored to v3"), record.message());
    }

    @Test
    void aRollbackOfAWebhookEngineHandsItTheTargetsBytesAndReopensIt() {
        String wf = workflow("flowback-engine", "2.4.1", new EngineBinding.Webhook(hook.url(), hookKey),
                new TreeMap<>(Map.of("v1", SampleDefinitions.triage("^2.1.0", "hook v1"),
                        "v2", SampleDefinitions.triage("^2.1.0", "hook v2"))));
        chain.deploy(wf, "v1", "v2");
        assertArrayEquals(chain.runner.registry().read(WorkflowId.of(wf), VersionId.of("v2")).bytes(),
                hook.runningDefinition());

        RollbackRun run = chain.rollback(executionName("hook-back"), wf, "v1");
        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        byte[] v1 = chain.runner.registry().read(WorkflowId.of(wf), VersionId.of("v1")).bytes();
        assertArrayEquals(v1, hook.runningDefinition(), "the engine runs v1's exact bytes");
        assertEquals(chain.version(wf, "v1").sha256().hex(), hook.runningSha256());
        assertTrue(hook.admits(), "admission reopened after the switch");
        assertEquals(VersionId.of("v1"), chain.state(wf).pointer().activeVersion());
    }
}
