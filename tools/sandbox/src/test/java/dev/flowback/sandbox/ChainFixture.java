package dev.flowback.sandbox;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.emulators.LocalLambdaServer;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.engine.gate.EngineGate;
import dev.flowback.function.runtime.PayloadJson;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulators and the runner one scenario test class shares (started once per class, not per test), and the
 * test-data builders the scenarios read well with. Each scenario works on its own workflow.
 */
final class ChainFixture implements AutoCloseable {
    static final String TABLE = LocalStorage.TABLE;
    static final String BUCKET = LocalStorage.BUCKET;
    static final EnvironmentName PROD = EnvironmentName.of("prod");
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();
    private static final AtomicInteger EXECUTIONS = new AtomicInteger();

    final LocalStorage stack;
    final AwsSettings aws;
    final ScriptedHealthProbe health;
    final LocalRollbackRunner runner;

    ChainFixture() {
        this(Map.of());
    }

    /** With more emulators the handlers reach, by service id ({@code secretsmanager}: moto, for engine secrets). */
    ChainFixture(Map<String, URI> moreEndpoints) {
        stack = LocalStorage.start();
        AwsSettings settings = stack.settings();
        for (Map.Entry<String, URI> endpoint : moreEndpoints.entrySet()) {
            settings = settings.withEndpoint(endpoint.getKey(), endpoint.getValue());
        }
        aws = settings;
        health = new ScriptedHealthProbe(Clock.systemUTC());
        runner = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(aws, TABLE, BUCKET, health));
    }

    @Override
    public void close() {
        runner.close();
        stack.close();
    }

    /** No drain or verification wait: scenarios are about flow, not timing. */
    static RolloutPolicy quick() {
        return RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
    }

    String freshWorkflow(RolloutPolicy rollout) {
        String wf = "wf-chain-" + WORKFLOWS.incrementAndGet();
        // One alarm configured, answered by the scripted probe: verification has a signal to judge by.
        runner.environments().create(Environment.of(EnvironmentRef.of(wf, "prod"), "flowback-engine", "2.4.1")
                .withHealth(HealthSignals.builder().alarms(List.of(wf + "-errors")).build())
                .withRollout(rollout));
        return wf;
    }

    /** A fresh workflow with these versions published, each with content of its own (nothing deployed). */
    String withVersions(RolloutPolicy settings, String... versions) {
        String wf = freshWorkflow(settings);
        for (String v : versions) {
            publish(wf, v, "prompt of " + v + " in " + wf);
        }
        return wf;
    }

    /** The most common starting point: v1 deployed, then v2 deployed, so v2 is live and v1 ran before it. */
    String twoVersionsLive(RolloutPolicy settings) {
        String wf = withVersions(settings, "v1", "v2");
        deploy(wf, "v1", "v2");
        return wf;
    }

    VersionRecord publish(String wf, String version, String prompt) {
        return publish(wf, version, prompt, "^2.1.0");
    }

    VersionRecord publish(String wf, String version, String prompt, String engineRange) {
        return runner.registry().publish(PublishRequest.of(WorkflowId.of(wf), VersionId.of(version),
                SampleDefinitions.triage(engineRange, prompt), "scenario", "")).version();
    }

    /** A unique execution name, so its id (the lock holder, the record key) is known before the run. */
    static String executionName(String what) {
        return what + "-" + EXECUTIONS.incrementAndGet();
    }

    static String executionId(String name) {
        return "arn:aws:states:" + LocalLambdaServer.REGION + ":" + LocalLambdaServer.ACCOUNT
                + ":execution:local:" + name;
    }

    RollbackRun rollback(String name, String wf, String target, Object... more) {
        return run(name, rollbackInput(name, wf, target, more));
    }

    /** A scenario's state machine input for the prod environment; {@code more} adds name/value pairs. */
    static String rollbackInput(String name, String wf, String target, Object... more) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("workflow_id", wf);
        input.put("environment", "prod");
        input.put("target_version", target);
        input.put("reason", "scenario " + name);
        input.put("requested_by", "scenario-test");
        for (int i = 0; i + 1 < more.length; i += 2) {
            input.put((String) more[i], more[i + 1]);
        }
        return new String(PayloadJson.write(input), java.nio.charset.StandardCharsets.UTF_8);
    }

    RollbackRun run(String name, String inputJson) {
        return runner.run(inputJson, LocalRollbackRunner.RunOptions.instant().named(name));
    }

    EnvironmentState state(String wf) {
        return runner.stores().environments().get(EnvironmentRef.of(wf, "prod"));
    }

    RollbackRecord record(String wf, String executionName) {
        return runner.stores().journal().find(EnvironmentRef.of(wf, "prod"), executionId(executionName)).orElseThrow(
                () -> new AssertionError("no rollback record for " + executionName));
    }

    List<AuditEntry> audit(String wf) {
        return runner.stores().journal().auditTrail(EnvironmentRef.of(wf, "prod"), 100);
    }

    /** A workflow engine's client for the workflow's prod environment, as an engine embeds it. */
    EngineGate engine(String wf) {
        return EngineGate.builder(TABLE, BUCKET, wf, "prod")
                .localEndpoints(Map.of("dynamodb", stack.dynamoEmulator().endpoint(),
                        "s3", stack.s3Emulator().endpoint()), S3ProxyEmulator.ACCESS_KEY, S3ProxyEmulator.SECRET_KEY)
                .build();
    }

    /** Makes {@code versions} live one after the other through the chain, each verified healthy. */
    void deploy(String wf, String... versions) {
        for (String v : versions) {
            RollbackRun run = rollback(executionName("deploy-" + v), wf, v);
            if (!run.succeeded()) {
                throw new AssertionError("deploying " + v + " failed: " + run.error() + " " + run.cause());
            }
        }
    }

    VersionRecord version(String wf, String version) {
        return runner.registry().get(WorkflowId.of(wf), VersionId.of(version));
    }
}
