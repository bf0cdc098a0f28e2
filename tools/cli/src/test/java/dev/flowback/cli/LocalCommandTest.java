package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Json;
import dev.flowback.sandbox.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local}: the endpoints file has the shape the CLI's --local commands read (region, credentials, pid,
 * started_at; api_url only once the API runs), and {@code local down} without a running stack says so.
 */
class LocalCommandTest {
    @TempDir
    Path root;

    @Test
    void theEndpointsFileNamesTheProcessCredentialsAndEveryEndpoint() throws IOException {
        Path file = root.resolve(LocalCommand.ENDPOINTS);
        try (LocalStack stack = LocalStack.start(LocalStack.Config.persistent(root.resolve("data"), line -> { })
                .anyPorts())) {
            LocalCommand.write(file, stack);
            JsonNode node = Json.MAPPER.readTree(Files.readString(file));
            assertEquals(LocalStack.REGION, node.path("region").asText());
            assertEquals(LocalStack.ACCESS_KEY, node.path("access_key_id").asText());
            assertEquals(LocalStack.SECRET_KEY, node.path("secret_access_key").asText());
            assertEquals(ProcessHandle.current().pid(), node.path("pid").asLong());
            assertEquals(stack.startedAt(), Instant.parse(node.path("started_at").asText()));
            assertFalse(node.has("api_url"), "no API runs on this branch's stack: " + node);
            assertEquals(stack.endpoints().get("dynamodb").toString(), node.path("endpoints").path("dynamodb")
                    .asText());
            assertTrue(LocalCommand.runningPid(file).isPresent(), "this process runs");
        }
    }

    @Test
    void downWithoutARunningStackSaysHowToStartOne() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        assertEquals(1, new FlowbackCli(both, both, root).run(List.of("local", "down")));
        assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("start it with ./flowback local up"),
                buffer.toString(StandardCharsets.UTF_8));
    }
}
