package dev.flowback.cli;

import dev.flowback.cli.local.LocalEndpoints;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.api.ApiHandler;
import dev.flowback.function.api.ApiWiring;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.sandbox.LocalApiServer;
import dev.flowback.sandbox.LocalRollbackRunner;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.sandbox.ScriptedHealthProbe;
import dev.flowback.stepfunctions.StateMachineConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The local stack the CLI's tests talk to: S3Proxy and dynalite (LocalStorage), the real rollback state machine on
 * aws-local-stepfunctions over the real handlers (LocalRollbackRunner), started with StartExecution on its local
 * Step Functions API, and the real API function served over HTTP on loopback by LocalApiServer, behind a SigV4
 * check with the credentials below. {@link #held} is a second API over the same storage whose rollbacks are
 * accepted but never run.
 */
final class LocalApi implements AutoCloseable {
    static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDFLOWBACKCLITEST",
            "flowback-cli-test-secret");
    static final String REGION = "us-east-1";
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();

    final LocalStorage storage;
    final ScriptedHealthProbe health;
    final LocalRollbackRunner runner;
    final SignatureCheck signatures;
    final LocalApiServer api;
    final LocalApiServer held;

    LocalApi() {
        storage = LocalStorage.start();
        health = new ScriptedHealthProbe(Clock.systemUTC());
        runner = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(storage.settings(), LocalStorage.TABLE,
                LocalStorage.BUCKET, health));
        FunctionConfig config = new FunctionConfig(LocalStorage.TABLE, LocalStorage.BUCKET,
                FunctionConfig.DEFAULT_LOCK_LEASE);
        // As template.yaml wires it: rollbacks started with StartExecution of the real state machine.
        signatures = new SignatureCheck(new ApiHandler(ApiWiring.onStepFunctions(runner.awsSettings(), config,
                new StateMachineConfig(runner.stateMachineArn()), Clock.systemUTC(), StepLog.discard())),
                CREDENTIALS, REGION);
        Path openApi = LocalTooling.get().root().resolve("openapi.yaml");
        api = LocalApiServer.start(signatures, openApi, LocalApiServer.DEFAULT_CALLER);
        held = LocalApiServer.start(new SignatureCheck(new ApiHandler(ApiWiring.of(storage.settings(), config,
                new HeldRollbacks(Clock.systemUTC()), Clock.systemUTC(), StepLog.discard())), CREDENTIALS, REGION),
                openApi, LocalApiServer.DEFAULT_CALLER);
    }

    /** A workflow id no other test uses. */
    static String workflow(String stem) {
        return stem + "-" + WORKFLOWS.incrementAndGet();
    }

    URI url() {
        return api.endpoint();
    }

    /** Writes the state file {@code --local} reads, as the local stack does once it is up (this process serves). */
    void writeEndpoints(Path root) {
        new LocalEndpoints(url(), REGION, CREDENTIALS.accessKeyId(), CREDENTIALS.secretAccessKey(),
                ProcessHandle.current().pid(), Instant.now()).write(root);
    }

    @Override
    public void close() {
        held.close();
        api.close();
        runner.close();
        storage.close();
    }
}
