package dev.flowback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.Environments;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.sandbox.SampleDefinitions;
import dev.flowback.store.dynamodb.DynamoEnvironmentStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Issue #13 item 3: is every function's deployment package at most 10 MB zipped, as sam builds it? For each
 * function module: the zip sam package would upload of the artifact template.yaml's makefile build produces
 * (functions/&lt;module&gt;/target/lambda: classes at the root, runtime jars in lib/, the AWS SDK shrunk by ProGuard),
 * against the zip of what sam's Maven build deployed before (target/classes and the unshrunk runtime jars). Then it
 * proves the shrunk artifacts work: the rollback chain by hand, snapshot, validate, pause, check-drain, switch and
 * verify, each handler in a fresh JVM whose class path is only its artifact (and {@link ArtifactInvoke}), against
 * S3Proxy and dynalite, checking each answer and that the switch moved the pointer.
 *
 * <p>Arguments: [--no-check | --chain-only] [--sam .aws-sam/build]: with --sam, the folders sam built are
 * measured and run instead of target/lambda. An artifact that is missing is built first (mvn package
 * -Dflowback.lambdaArtifact: ProGuard, one to three minutes per module on a loaded 2-core machine).
 */
public final class ArtifactSizeBench {
    static final long GOAL = 10_000_000;
    static final List<String> MODULES = List.of("snapshot", "validate", "pause", "switch", "verify", "trigger", "api");
    /** The chain's handlers in the order the chain runs them, with the module that deploys each. */
    private static final Map<String, String> CHAIN = new LinkedHashMap<>();

    static {
        CHAIN.put("snapshot", "dev.flowback.function.snapshot.SnapshotHandler");
        CHAIN.put("validate", "dev.flowback.function.validate.ValidateHandler");
        CHAIN.put("pause", "dev.flowback.function.pause.PauseHandler");
        CHAIN.put("check-drain", "dev.flowback.function.pause.CheckDrainHandler");
        CHAIN.put("switch", "dev.flowback.function.switchover.SwitchHandler");
        CHAIN.put("verify", "dev.flowback.function.verify.VerifyHandler");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("flowback.root", ".")).toAbsolutePath().normalize();
        boolean check = !List.of(args).contains("--no-check");
        int sam = List.of(args).indexOf("--sam");
        Path samBuild = sam >= 0 ? root.resolve(args[sam + 1]) : null;
        boolean sizes = !List.of(args).contains("--chain-only");
        Map<String, DeployedArtifact> artifacts = new LinkedHashMap<>();
        for (String module : sizes ? MODULES : CHAIN_MODULES) {
            artifacts.put(module, samBuild == null ? DeployedArtifact.of(root, module)
                    : DeployedArtifact.at(module, samBuild.resolve(SAM_FUNCTION.get(module))));
        }
        if (sizes) {
            sizes(root, artifacts, samBuild);
        }
        if (check) {
            chainFromArtifacts(root, artifacts);
        }
    }

    private static final List<String> CHAIN_MODULES = List.of("snapshot", "validate", "pause", "switch", "verify");

    private static void sizes(Path root, Map<String, DeployedArtifact> artifacts, Path samBuild) {
        System.out.println("== ArtifactSizeBench: deployment package per function module, zipped as sam package"
                + " uploads it (goal <= 10 MB = 10,000,000 bytes)");
        System.out.printf("%-9s %-14s %12s %12s %7s  %s%n", "module", "functions", "before MB", "after MB", "ratio",
                "goal");
        boolean allMet = true;
        for (DeployedArtifact artifact : artifacts.values()) {
            long before = DeployedArtifact.of(root, artifact.module()).zippedSizeBefore(root);
            long after = artifact.zippedSize();
            boolean met = after <= GOAL;
            allMet &= met;
            System.out.printf("%-9s %-14s %12.2f %12.2f %7.2f  %s%n", artifact.module(),
                    FUNCTIONS.get(artifact.module()), before / 1e6, after / 1e6, (double) after / before,
                    met ? "met" : "NOT met");
        }
        System.out.println("before: target/classes + the runtime jars (sam's Maven build); after: "
                + (samBuild == null ? "functions/<module>/target/lambda" : samBuild + "/<LogicalId>")
                + " (the makefile build); all goals " + (allMet ? "met" : "NOT met"));
    }

    /** Which functions of template.yaml each module deploys (its CodeUri). */
    private static final Map<String, String> FUNCTIONS = Map.of("snapshot", "1", "validate", "1", "pause", "5",
            "switch", "1", "verify", "3", "trigger", "1", "api", "1");
    /** One function of template.yaml per module, whose sam build folder stands for the module. */
    private static final Map<String, String> SAM_FUNCTION = Map.of("snapshot", "SnapshotFunction", "validate",
            "ValidateFunction", "pause", "PauseFunction", "switch", "SwitchFunction", "verify", "VerifyFunction",
            "trigger", "TriggerFunction", "api", "ApiFunction");

    private static void chainFromArtifacts(Path root, Map<String, DeployedArtifact> artifacts) throws Exception {
        System.out.println("== the chain from the shrunk artifacts (a fresh JVM per handler, only its artifact on"
                + " the class path)");
        Path work = Files.createTempDirectory("artifact-check");
        Path invoker = work.resolve("invoker/dev/flowback/bench");
        Files.createDirectories(invoker);
        try (var in = ArtifactInvoke.class.getResourceAsStream("ArtifactInvoke.class")) {
            Files.copy(in, invoker.resolve("ArtifactInvoke.class"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (LocalStorage stack = LocalStorage.start()) {
            String wf = "artifact-check";
            stack.registry().publish(PublishRequest.of(WorkflowId.of(wf), VersionId.of("v1"),
                    SampleDefinitions.triage("^2.1.0", "prompt of v1"), "bench", ""));
            Environments environments = new Environments(new DynamoEnvironmentStore(stack.dynamo(),
                    LocalStorage.TABLE), Clock.systemUTC());
            environments.create(Environment.of(EnvironmentRef.of(wf, "prod"), "flowback-engine", "2.4.1")
                    .withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))));
            Map<String, String> env = Map.of(
                    "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", S3ProxyEmulator.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", S3ProxyEmulator.SECRET_KEY,
                    "AWS_ENDPOINT_URL_DYNAMODB", stack.settings().endpoint("dynamodb").orElseThrow().toString(),
                    "AWS_ENDPOINT_URL_S3", stack.settings().endpoint("s3").orElseThrow().toString(),
                    "FLOWBACK_TABLE", LocalStorage.TABLE,
                    "FLOWBACK_BUCKET", LocalStorage.BUCKET,
                    "FLOWBACK_LOCK_LEASE_SECONDS", "900");
            ObjectNode request = JSON.createObjectNode();
            request.putObject("request").put("workflow_id", wf).put("environment", "prod")
                    .put("target_version", "v1").put("reason", "artifact check").put("force", false)
                    .put("dry_run", false).put("requested_by", "bench").put("trigger", "manual");
            request.put("execution_id", "arn:aws:states:us-east-1:123456789012:execution:flowback-rollback:check");
            request.put("started_at", Instant.now().toString());
            JsonNode ticket = run(root, artifacts, work, "snapshot", request, env);
            require(ticket.path("target_version").asText().equals("v1"), "snapshot resolved the target", ticket);
            ObjectNode input = JSON.createObjectNode().set("ticket", ticket);
            JsonNode report = run(root, artifacts, work, "validate", input, env);
            require(report.path("target_version").asText().equals("v1"), "validate read the snapshot from S3",
                    report);
            JsonNode drain = run(root, artifacts, work, "pause", input, env);
            require(drain.has("in_flight"), "pause closed the gate and counted", drain);
            ObjectNode withDrain = input.deepCopy();
            withDrain.set("drain", drain);
            JsonNode drained = run(root, artifacts, work, "check-drain", withDrain, env);
            require(drained.path("proceed").asBoolean(), "check-drain lets the switch proceed", drained);
            withDrain.set("drain", drained);
            JsonNode switched = run(root, artifacts, work, "switch", withDrain, env);
            require(switched.path("to_version").asText().equals("v1"), "switch moved to v1", switched);
            require(environments.get(EnvironmentRef.of(wf, "prod")).pointer().active()
                    .equals(Optional.of(VersionId.of("v1"))), "the pointer in DynamoDB is v1", switched);
            ObjectNode verifyInput = input.deepCopy();
            verifyInput.set("switched", switched);
            verifyInput.set("health", JSON.readTree(root.resolve("events/functions/verify.json").toFile())
                    .get("health"));
            JsonNode outcome = run(root, artifacts, work, "verify", verifyInput, env);
            // The environment has no health signal configured, so verify closes the rollback as UNVERIFIED.
            require(outcome.path("status").asText().equals("UNVERIFIED") && outcome.path("active").asText()
                    .equals("v1"), "verify closed the rollback (v1 live, UNVERIFIED: no signal configured)", outcome);
            System.out.println("chain from the artifacts: every answer as expected; the pointer moved to v1");
        }
    }

    private static JsonNode run(Path root, Map<String, DeployedArtifact> artifacts, Path work, String step,
                                JsonNode event, Map<String, String> env) throws Exception {
        String module = step.equals("check-drain") ? "pause" : step;
        Path eventFile = work.resolve(step + ".json");
        Files.writeString(eventFile, JSON.writeValueAsString(event));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = work.resolve("invoker") + File.pathSeparator + artifacts.get(module).classpath();
        ProcessBuilder builder = new ProcessBuilder(javaBin, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, ArtifactInvoke.class.getName(), CHAIN.get(step), eventFile.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        String result = null;
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                }
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 || result == null) {
            throw new IllegalStateException(step + " failed from its artifact (" + module + "):\n"
                    + String.join("\n", lines));
        }
        System.out.printf("%-12s ok from the %s artifact (%d ms, fresh JVM)%n", step, module,
                (System.nanoTime() - started) / 1_000_000);
        return JSON.readTree(result);
    }

    private static void require(boolean condition, String what, JsonNode answer) {
        if (!condition) {
            throw new IllegalStateException("not as expected: " + what + "; the answer was " + answer);
        }
    }
}
