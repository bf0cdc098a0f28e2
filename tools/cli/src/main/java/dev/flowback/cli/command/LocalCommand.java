package dev.flowback.cli.command;

import dev.flowback.cli.CliFailure;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.local.LocalEndpoints;
import dev.flowback.sandbox.LocalApiServer;
import dev.flowback.sandbox.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code local up} and {@code local down}: the persistent local stack ({@link LocalStack}) in the foreground, its
 * data under {@value #DATA_DIR}, with the real API function served over it (LocalApiServer, the same handler and
 * routes as the deployed API) and the endpoints file {@link LocalEndpoints} while it runs, so every {@code --local}
 * command reaches it. Ctrl-C (or {@code local down}, which signals the process named in the file) stops it cleanly;
 * the data stays.
 */
@Command(name = "local", description = "The persistent local stack: `local up` runs it in the foreground (data in "
        + LocalCommand.DATA_DIR + ", survives a restart), `local down` stops it.")
public final class LocalCommand {
    static final String DATA_DIR = ".flowback/local/data";
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final CliSettings settings;

    LocalCommand(CliSettings settings) {
        this.settings = settings;
    }

    @Command(name = "up", description = "Start every component on loopback, one line each; Ctrl-C stops them.")
    int up() {
        Path root = settings.root();
        Optional<LocalEndpoints> running = readQuietly(root).filter(LocalEndpoints::serverAlive);
        if (running.isPresent()) {
            throw new CliFailure(Exit.FAILED, "the local stack already runs (pid " + running.get().pid() + ", "
                    + LocalEndpoints.file(root) + ")", "use it with --local, or stop it with ./flowback local down");
        }
        settings.out().println("Starting the local stack (data in " + root.resolve(DATA_DIR) + ")");
        LocalStack stack = LocalStack.start(LocalStack.Config.persistent(root.resolve(DATA_DIR),
                settings.out()::println).withApi(LocalCommand::api));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            settings.out().println("Stopping the local stack...");
            try {
                stack.close();
                Files.deleteIfExists(LocalEndpoints.file(root));
            } catch (IOException | RuntimeException e) {
                settings.err().println("stopping the local stack: " + e.getMessage());
            } finally {
                settings.out().println("Local stack stopped; its data stays in " + root.resolve(DATA_DIR));
                stopped.countDown();
            }
        }, "local-stack-shutdown"));
        endpoints(stack).write(root);
        settings.out().println("Local stack up; API at " + stack.apiUrl().orElseThrow() + ", endpoints in "
                + LocalEndpoints.file(root) + ". Use any command with --local; Ctrl-C (or ./flowback local down)"
                + " stops it.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Exit.OK.code();
    }

    @Command(name = "down", description = "Stop the local stack that `local up` started; its data stays.")
    int down() {
        Path root = settings.root();
        Path file = LocalEndpoints.file(root);
        Optional<LocalEndpoints> endpoints = readQuietly(root);
        if (endpoints.isEmpty()) {
            throw new CliFailure(Exit.UNREACHABLE, "the local stack is not running (no " + file + ")",
                    "start it with ./flowback local up");
        }
        Optional<ProcessHandle> process = endpoints.get().server();
        if (process.isEmpty()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new CliFailure(Exit.FAILED, "cannot remove the stale " + file + ": " + e.getMessage(),
                        "remove it by hand");
            }
            settings.out().println("the local stack was not running (no process started before "
                    + endpoints.get().startedAt() + " has pid " + endpoints.get().pid() + "); removed the stale "
                    + file);
            return Exit.OK.code();
        }
        process.get().destroy();
        try {
            process.get().onExit().get(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new CliFailure(Exit.FAILED, "the local stack (pid " + endpoints.get().pid() + ") did not stop within "
                    + STOP_DEADLINE.toSeconds() + " s", "stop it with kill " + endpoints.get().pid());
        }
        settings.out().println("Local stack (pid " + endpoints.get().pid() + ") stopped; its data stays in "
                + root.resolve(DATA_DIR));
        return Exit.OK.code();
    }

    /** The real API function over the stack's storage and state machine, as template.yaml wires it in AWS. */
    public static LocalStack.Extension api(LocalStack stack) {
        LocalApiServer server = LocalApiServer.onLocalStack(stack.chain(), Clock.systemUTC());
        return new LocalStack.Extension() {
            @Override
            public URI url() {
                return server.endpoint();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    /** What {@code --local} commands read: the API, and the credentials and region the local stack accepts. */
    public static LocalEndpoints endpoints(LocalStack stack) {
        return new LocalEndpoints(stack.apiUrl().orElseThrow(), LocalStack.REGION, LocalStack.ACCESS_KEY,
                LocalStack.SECRET_KEY, ProcessHandle.current().pid(), stack.startedAt());
    }

    /** A file left half-written or from another version counts as no running stack, not as an error here. */
    private static Optional<LocalEndpoints> readQuietly(Path root) {
        try {
            return LocalEndpoints.read(root);
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }
}
