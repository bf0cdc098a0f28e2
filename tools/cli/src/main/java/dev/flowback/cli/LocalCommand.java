package dev.flowback.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.Json;
import dev.flowback.sandbox.LocalStack;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code local up} and {@code local down}: the persistent local stack ({@link LocalStack}) in the foreground, its
 * data under {@value #DATA_DIR}, and its endpoints file {@value #ENDPOINTS} while it runs (the shape the CLI's
 * {@code --local} commands read: api_url when the API runs, region, access key and secret, pid, started_at; plus
 * every component's endpoint). Ctrl-C (or {@code local down}, which signals the process named in the file) stops
 * every component and removes the file.
 */
final class LocalCommand {
    static final String DATA_DIR = ".flowback/local/data";
    static final String ENDPOINTS = ".flowback/local/endpoints.json";
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final PrintStream out;
    private final PrintStream err;
    private final Path root;

    LocalCommand(PrintStream out, PrintStream err, Path root) {
        this.out = out;
        this.err = err;
        this.root = root;
    }

    int run(List<String> args) {
        String action = args.isEmpty() ? "" : args.get(0);
        return switch (action) {
            case "up" -> up();
            case "down" -> down();
            default -> throw new IllegalArgumentException("local needs up or down, not '" + action + "'");
        };
    }

    private int up() {
        Path file = root.resolve(ENDPOINTS);
        Optional<Long> running = runningPid(file);
        if (running.isPresent()) {
            err.println("the local stack already runs (pid " + running.get() + ", " + file
                    + "); stop it with ./flowback local down");
            return 1;
        }
        out.println("Starting the local stack (data in " + root.resolve(DATA_DIR) + ")");
        LocalStack stack = LocalStack.start(LocalStack.Config.persistent(root.resolve(DATA_DIR), out::println));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the local stack...");
            try {
                stack.close();
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException e) {
                err.println("stopping the local stack: " + e.getMessage());
            } finally {
                out.println("Local stack stopped; its data stays in " + root.resolve(DATA_DIR));
                stopped.countDown();
            }
        }, "local-stack-shutdown"));
        write(file, stack);
        out.println("Local stack up; endpoints in " + file + ". Ctrl-C (or ./flowback local down) stops it.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int down() {
        Path file = root.resolve(ENDPOINTS);
        if (!Files.isRegularFile(file)) {
            err.println("the local stack is not running (no " + file + "); start it with ./flowback local up");
            return 1;
        }
        Optional<Long> pid = runningPid(file);
        if (pid.isEmpty()) {
            deleteQuietly(file);
            out.println("the local stack was not running (its process is gone); removed the stale " + file);
            return 0;
        }
        ProcessHandle process = ProcessHandle.of(pid.get()).orElseThrow();
        process.destroy();
        try {
            process.onExit().get(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("the local stack (pid " + pid.get() + ") did not stop within " + STOP_DEADLINE.toSeconds()
                    + " s; stop it with kill " + pid.get());
            return 1;
        }
        out.println("Local stack (pid " + pid.get() + ") stopped; its data stays in " + root.resolve(DATA_DIR));
        return 0;
    }

    /** The pid in the endpoints file when that process still runs. */
    static Optional<Long> runningPid(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readString(file));
            long pid = node.path("pid").asLong(0);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the endpoints file atomically, in the shape of the CLI's LocalEndpoints. */
    static void write(Path file, LocalStack stack) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        stack.apiUrl().map(URI::toString).ifPresent(url -> node.put("api_url", url));
        node.put("region", LocalStack.REGION)
                .put("access_key_id", LocalStack.ACCESS_KEY)
                .put("secret_access_key", LocalStack.SECRET_KEY)
                .put("pid", ProcessHandle.current().pid())
                .put("started_at", stack.startedAt().toString());
        ObjectNode endpoints = node.putObject("endpoints");
        for (Map.Entry<String, URI> e : stack.endpoints().entrySet()) {
            endpoints.put(e.getKey(), e.getValue().toString());
        }
        node.put("state_machine_arn", stack.chain().stateMachineArn());
        node.put("data_dir", stack.config().dataDir().toString());
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
