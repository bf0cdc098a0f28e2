package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.cli.local.LocalEndpoints;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failure an operator meets names what was wrong and what to do next, and exits with the code for its kind:
 * not found, refused, usage, unreachable (the API, the local stack). Against the real API on the local stack.
 */
class ErrorCasesTest extends OnLocalApi {

    private Cli.Result run(int exit, String... args) {
        String[] line = java.util.Arrays.copyOf(args, args.length + 2);
        line[args.length] = "--api";
        line[args.length + 1] = stack.url().toString();
        return ApiCommandsTest.expect(exit, new Cli(home, home).run(line));
    }

    private static void says(Cli.Result result, String error, String next) {
        assertTrue(result.err().contains("error: " + error), "error: " + error + " in\n" + result);
        assertTrue(result.err().contains("next: " + next), "next: " + next + " in\n" + result);
    }

    private String published() {
        String wf = LocalApi.workflow("errors");
        run(0, "versions", "publish", wf, ApiCommandsTest.EXAMPLES.resolve("v1.0.0.json").toString());
        return wf;
    }

    @Test
    void unknownWorkflow() {
        says(run(5, "versions", "list", "no-such-workflow"), "workflow no-such-workflow has no versions (unknown"
                + " workflow?)", "check the workflow id, or publish its first version with flowback versions"
                + " publish no-such-workflow FILE --api " + stack.url());
    }

    @Test
    void versionNotFound() {
        String wf = published();
        says(run(5, "versions", "show", wf, "v9"), "not found (404 not_found, field version_id): ",
                "flowback versions list " + wf + " --api " + stack.url() + " lists the versions " + wf + " has");
        says(run(5, "versions", "diff", wf, "v1", "v7"), "not found (404 not_found", "flowback versions list " + wf);
    }

    @Test
    void environmentNotFound() {
        String wf = published();
        says(run(5, "env", "show", wf, "--env", "staging"), "not found (404 not_found, field environment): ",
                "check the environment; flowback env create " + wf + " --env staging --engine NAME"
                        + " --engine-version V --api " + stack.url() + " creates it");
        says(run(5, "rollback", wf, "--env", "staging", "--to", "v1"), "not found (404 not_found, field"
                + " environment)", "check the environment; flowback env create " + wf + " --env staging");
    }

    @Test
    void refusedWithTheApisCodeMessageAndField() {
        String wf = published();
        says(run(3, "versions", "publish", wf, ApiCommandsTest.EXAMPLES.resolve("v1.0.0.json").toString()),
                "refused (409 conflict.duplicate_content, field body): ", "that content is already version v1;"
                        + " pass --allow-duplicate to publish it again");
        Cli.Result badName = run(3, "env", "create", wf, "--env", "Prod!", "--engine", "e", "--engine-version", "1");
        assertTrue(badName.err().matches("(?s)error: refused \\(400 [a-z._]+, field (name|environment)\\): .*"),
                badName.toString());
        assertTrue(badName.err().contains("next: correct "), badName.toString());
    }

    @Test
    void usageErrors() {
        Cli.Result noEnv = ApiCommandsTest.expect(2, new Cli(home, home).run("rollback", "wf"));
        assertTrue(noEnv.err().contains("Missing required option: '--env=ENV'"), noEnv.toString());
        says(ApiCommandsTest.expect(2, new Cli(home, home).run("status", "abc")),
                "status needs the rollback's workflow and environment", "pass --workflow W --env E");
        says(ApiCommandsTest.expect(2, new Cli(home, home).run("versions", "list", "wf")), "no API to talk to: no"
                + " --stack, --api or --local, and no profile at " + home.resolve(".flowback/config"),
                "pass --stack NAME (a deployed stack), --api URL or --local");
        Cli.Result both = ApiCommandsTest.expect(2, new Cli(home, home).run("versions", "list", "wf", "--local",
                "--stack", "s"));
        assertTrue(both.err().contains("mutually exclusive"), both.toString());
        says(run(2, "versions", "publish", "wf", home.resolve("missing.json").toString()), "no such file: "
                + home.resolve("missing.json"), "name the definition file to publish");
    }

    @Test
    void unreachableApi() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closed + "/v1");
        says(ApiCommandsTest.expect(6, new Cli(home, home).run("versions", "list", "wf", "--api", nowhere.toString())),
                "no answer from the API at " + nowhere, "check the URL given with --api");
    }

    @Test
    void localStackNotRunning(@TempDir Path root) throws IOException {
        says(ApiCommandsTest.expect(6, new Cli(root, home).run("versions", "list", "wf", "--local")),
                "the local stack is not running (no " + LocalEndpoints.file(root) + ")",
                "start it in another terminal with ./flowback local up");
        ProcessHandle ended = new ProcessBuilder("true").start().onExit().join().toHandle();
        new LocalEndpoints(stack.url(), "us-east-1", "a", "b", ended.pid(), Instant.now()).write(root);
        says(ApiCommandsTest.expect(6, new Cli(root, home).run("versions", "list", "wf", "--local")),
                "the local stack is not running: its state file names process " + ended.pid() + ", which has"
                        + " ended", "start it again with ./flowback local up");
    }
}
