package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CLI as its own process, with the environment a user's shell gives it: the SDK's real credential and region
 * chains (DefaultCredentialsProvider, DefaultAwsRegionProviderChain) and a real SIGINT.
 */
class LauncherProcessTest extends OnLocalApi {
    private static final Path ROOT = ApiCommandsTest.ROOT;

    /** A shell-like environment: nothing of this JVM's, no AWS configuration unless given. */
    private ProcessBuilder cli(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dflowback.root=" + ROOT, "-cp", System.getProperty("java.class.path"),
                FlowbackCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("HOME", home.toString());
        // No instance metadata service here; a laptop without one answers as fast (connection refused).
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(env);
        return builder;
    }

    private static Map<String, String> awsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", LocalApi.CREDENTIALS.accessKeyId(), "AWS_SECRET_ACCESS_KEY",
                LocalApi.CREDENTIALS.secretAccessKey(), "AWS_REGION", LocalApi.REGION);
    }

    private static Cli.Result finish(Process process) throws IOException, InterruptedException {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI did not end");
        return new Cli.Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void withoutCredentialsItSaysSoAndExitsUnreachable() throws IOException, InterruptedException {
        Cli.Result result = finish(cli(Map.of("AWS_REGION", "eu-west-1"), "versions", "list", "wf", "--api",
                stack.url().toString()).start());
        assertEquals(6, result.exit(), result.toString());
        assertTrue(result.err().contains("error: no AWS credentials found to sign the request with"),
                result.toString());
        assertTrue(result.err().contains("next: configure credentials the AWS CLI would find (aws configure,"
                + " AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or use --local"),
                result.toString());
    }

    @Test
    void theStandardChainsSignWithTheEnvironmentsCredentialsAndRegion() throws IOException, InterruptedException {
        String wf = LocalApi.workflow("process");
        int before = stack.signatures.verified.size();
        Cli.Result result = finish(cli(awsEnvironment(), "versions", "publish", wf,
                ApiCommandsTest.EXAMPLES.resolve("v1.0.0.json").toString(), "--api", stack.url().toString()).start());
        assertEquals(0, result.exit(), result.toString());
        assertTrue(stack.signatures.verified.size() > before, "signed with the environment's key and region");

        Cli.Result noRegion = finish(cli(Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"), "versions",
                "list", wf, "--api", stack.url().toString()).start());
        assertEquals(2, noRegion.exit(), noRegion.toString());
        assertTrue(noRegion.err().contains("next: pass --region (for example --region eu-west-1) or set AWS_REGION"),
                noRegion.toString());
    }

    @Test
    void ctrlCWhileWaitingLeavesTheRollbackRunningAndSaysHowToFollowIt() throws Exception {
        String wf = LocalApi.workflow("interrupt");
        Cli prepare = new Cli(home, home);
        String api = stack.url().toString();
        ApiCommandsTest.expect(0, prepare.run("versions", "publish", wf,
                ApiCommandsTest.EXAMPLES.resolve("v1.0.0.json").toString(), "--api", api));
        ApiCommandsTest.expect(0, prepare.run("env", "create", wf, "--env", "prod", "--engine", "flowback-engine",
                "--engine-version", "2.4.1", "--api", api));

        // The held API accepts the start and never runs it: the rollback stays STARTING while the CLI waits.
        String held = stack.held.endpoint().toString();
        Process process = cli(awsEnvironment(), "rollback", wf, "--env", "prod", "--to", "v1", "--wait", "--api",
                held).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("waiting for rollback")) {
            seen.append(line).append('\n');
            assertTrue(System.nanoTime() < deadline, "no 'waiting' line: " + seen);
        }
        assertTrue(line != null, "the CLI ended before it waited: " + seen);
        String id = line.split(" ")[3];
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        assertEquals(0, kill.waitFor());

        Cli.Result result = finish(process);
        assertEquals(130, result.exit(), result.toString());
        assertTrue(result.err().contains("interrupted: stopped waiting; rollback " + id + " keeps running. Follow it"
                + " with:\n  flowback status " + id + " --workflow " + wf + " --env prod --api " + held + " --wait"),
                result.toString());
        Cli.Result status = ApiCommandsTest.expect(0, prepare.run("status", id, "--workflow", wf, "--env", "prod",
                "--api", api));
        assertTrue(status.out().contains("status:           STARTING"), "still running: " + status);
    }
}
