package dev.flowback.cli.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The local stack's state file, {@value #FILE} below the repository root: written by {@code flowback local up} once
 * every component answers, removed by a clean shutdown, read by every {@code --local} command. It says where the
 * local API listens and which credentials and region to sign with (the local stack accepts only these), and which
 * process serves it, so a file left behind by a killed stack is told apart from a running one.
 *
 * <pre>{@code
 * {"api_url": "http://127.0.0.1:PORT/v1", "region": "us-east-1", "access_key_id": "...",
 *  "secret_access_key": "...", "pid": 12345, "started_at": "2026-12-01T14:00:00Z"}
 * }</pre>
 */
public record LocalEndpoints(URI apiUrl, String region, String accessKeyId, String secretAccessKey, long pid,
                             Instant startedAt) {
    public static final String FILE = ".flowback/local/endpoints.json";
    /** Start times come from the kernel's boot clock, the file's from the wall clock: allow for drift between them. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    public static Path file(Path root) {
        return root.resolve(FILE);
    }

    /** The state file's contents, or empty when there is none (the local stack was never started or was stopped). */
    public static Optional<LocalEndpoints> read(Path root) {
        Path file = file(root);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not the local stack's state file (" + e.getMessage()
                    + "); remove it and start the local stack again", e);
        }
        String url = text(node, file, "api_url");
        return Optional.of(new LocalEndpoints(URI.create(url), text(node, file, "region"),
                text(node, file, "access_key_id"), text(node, file, "secret_access_key"), node.path("pid").asLong(0),
                Instant.parse(text(node, file, "started_at"))));
    }

    /** Writes the file atomically (a reader never sees half of it). */
    public void write(Path root) {
        Path file = file(root);
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("api_url", apiUrl.toString())
                .put("region", region)
                .put("access_key_id", accessKeyId)
                .put("secret_access_key", secretAccessKey)
                .put("pid", pid)
                .put("started_at", startedAt.toString());
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether the process that wrote the file still runs. */
    public boolean serverAlive() {
        return server().isPresent();
    }

    /**
     * The process that wrote the file, if it still runs. A pid alone is not enough: once the stack's process has
     * ended, the operating system may give its pid to an unrelated process, which {@code local down} must never
     * signal. The writer was running when it wrote {@code started_at}, so a process that started after that instant
     * cannot be it. Where the platform does not report start times, a live pid is all there is to go on.
     */
    public Optional<ProcessHandle> server() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(started -> !started.isAfter(startedAt.plus(CLOCK_SLACK)))
                        .orElse(true));
    }

    private static String text(JsonNode node, Path file, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalStateException(file + " has no " + field + "; remove it and start the local stack again");
        }
        return value.asText();
    }
}
