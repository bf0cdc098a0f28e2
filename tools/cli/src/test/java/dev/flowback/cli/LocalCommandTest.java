package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.cli.command.LocalCommand;
import dev.flowback.cli.local.LocalEndpoints;
import dev.flowback.sandbox.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local up}'s stack as the CLI sees it: the real API over the persistent local stack, reached with
 * {@code --local} through the endpoints file, and what was published there still listed after a restart.
 */
class LocalCommandTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("flowback.root", "..")).toAbsolutePath()
            .normalize().resolve("examples/support-triage");

    @TempDir
    Path root;
    @TempDir
    Path home;

    @Test
    void theLocalApiServesLocalCommandsAndWhatWasPublishedSurvivesARestart() {
        Path data = root.resolve(".flowback/local/data");
        try (LocalStack stack = start(data)) {
            LocalCommand.endpoints(stack).write(root);
            LocalEndpoints written = LocalEndpoints.read(root).orElseThrow();
            assertEquals(stack.apiUrl().orElseThrow(), written.apiUrl());
            assertEquals(ProcessHandle.current().pid(), written.pid());
            Cli.Result published = cli("versions", "publish", "support-triage", EXAMPLES.resolve("v1.0.0.json")
                    .toString(), "--version", "v1.0.0", "--local");
            assertEquals(0, published.exit(), published.toString());
        }
        try (LocalStack restarted = start(data)) {
            LocalCommand.endpoints(restarted).write(root);
            Cli.Result list = cli("versions", "list", "support-triage", "--local");
            assertEquals(0, list.exit(), list.toString());
            assertTrue(list.out().matches("(?s).*\nv1\\.0\\.0 +1 +CANDIDATE .*"), list.toString());
        }
    }

    @Test
    void downWithoutARunningStackSaysHowToStartOne() {
        Cli.Result down = cli("local", "down");
        assertEquals(Exit.UNREACHABLE.code(), down.exit(), down.toString());
        assertTrue(down.err().contains("start it with ./flowback local up"), down.toString());
    }

    @Test
    void downRemovesTheFileOfAStackWhoseProcessHasEnded() throws IOException {
        ProcessHandle ended = new ProcessBuilder("true").start().onExit().join().toHandle();
        new LocalEndpoints(URI.create("http://127.0.0.1:1/v1"), "us-east-1", "a", "b", ended.pid(),
                Instant.now()).write(root);
        Cli.Result down = cli("local", "down");
        assertEquals(0, down.exit(), down.toString());
        assertTrue(down.out().contains("removed the stale"), down.toString());
        assertFalse(Files.exists(LocalEndpoints.file(root)));
    }

    @Test
    void downNeverSignalsAProcessThatReusedThePid() throws IOException {
        // The pid is this test's own JVM, alive, but started after the file says the stack started: a reused pid.
        Instant beforeThisJvm = ProcessHandle.current().info().startInstant().orElseThrow().minusSeconds(3600);
        new LocalEndpoints(URI.create("http://127.0.0.1:1/v1"), "us-east-1", "a", "b", ProcessHandle.current().pid(),
                beforeThisJvm).write(root);
        Cli.Result down = cli("local", "down");
        assertEquals(0, down.exit(), down.toString());
        assertTrue(down.out().contains("removed the stale"), down.toString());
        assertFalse(Files.exists(LocalEndpoints.file(root)));
        assertTrue(ProcessHandle.current().isAlive(), "this JVM was not signalled");
    }

    private static LocalStack start(Path data) {
        return LocalStack.start(LocalStack.Config.persistent(data, line -> { }).anyPorts()
                .withApi(LocalCommand::api));
    }

    private Cli.Result cli(String... args) {
        return new Cli(root, home).run(args);
    }
}
