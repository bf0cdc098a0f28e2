package dev.flowback.emulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Node process (tools/node/execution-host.js) that runs many executions at once, each with its own options. A
 * reader thread hands every line the script prints to the execution it names; when the process ends, every
 * execution still running fails with the reason, and {@link LocalStepFunctions} starts a new process for the next.
 */
final class ExecutionHost implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** A start is answered once the definition is validated: seconds for a new one, milliseconds after. */
    private static final Duration STARTED_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);

    private final ChildProcess process;
    private final Map<String, LocalExecution> executions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread reader;
    private volatile String death;

    private ExecutionHost(ChildProcess process) {
        this.process = process;
        this.reader = new Thread(this::read, "emulator-execution-host-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ExecutionHost start() {
        LocalTooling tooling = LocalTooling.get();
        ChildProcess process = ChildProcess.start("execution-host",
                tooling.nodeCommand(tooling.script("execution-host.js")), tooling.nodeDir(), Map.of());
        try {
            String line = process.readLine(READY_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                    "execution-host exited before it was ready; stderr: " + process.stderrTail()));
            if (!"ready".equals(LocalStepFunctions.parse(line, "execution-host's first line").path("type").asText())) {
                throw new IllegalStateException("execution-host printed something other than ready: " + line);
            }
            return new ExecutionHost(process);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /**
     * Sends the request and waits until the script has validated the definition and started the execution.
     *
     * @throws IllegalArgumentException when the script refuses the request (an invalid definition)
     * @throws IllegalStateException    when the process is gone
     */
    LocalExecution start(ObjectNode request, String description) {
        String id = "e" + ids.incrementAndGet();
        LocalExecution execution = new LocalExecution(request.path("executionName").asText(),
                request.path("stateMachineName").asText(), description, () -> stop(id));
        executions.put(id, execution);
        ObjectNode message = Json.MAPPER.createObjectNode().put("op", "start").put("id", id);
        message.set("request", request);
        try {
            process.writeLine(text(message));
        } catch (UncheckedIOException e) {
            executions.remove(id);
            throw new IllegalStateException("the execution host is gone: " + reasonOfDeath(), e);
        }
        if (death != null) {
            // Died between the check in the caller and the write: the reader may have missed this execution.
            execution.hostDied(death);
        }
        execution.awaitStarted(STARTED_TIMEOUT);
        return execution;
    }

    boolean isAlive() {
        return death == null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Kills the process as a crash would; the executions it ran fail. For tests. */
    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.closeStdin();
        if (process.exitCode(EXIT_TIMEOUT).isEmpty()) {
            process.close();
        }
        try {
            reader.join(EXIT_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop(String id) {
        if (executions.containsKey(id) && isAlive()) {
            try {
                process.writeLine(text(Json.MAPPER.createObjectNode().put("op", "stop").put("id", id)));
            } catch (UncheckedIOException e) {
                // The process is gone: the reader fails the execution, which is stopped either way.
            }
        }
    }

    private void read() {
        try {
            for (Optional<String> line = process.takeLine(); line.isPresent(); line = process.takeLine()) {
                dispatch(line.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Optional<Integer> code = process.exitCode(EXIT_TIMEOUT);
        death = "tools/node/execution-host.js exited" + code.map(c -> " with code " + c).orElse("") + "; stderr: "
                + process.stderrTail().strip();
        executions.values().forEach(execution -> execution.hostDied(death));
        executions.clear();
    }

    private void dispatch(String line) {
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            // Not ours (a library writing to stdout): nothing to hand to an execution.
            return;
        }
        String id = message.path("id").asText();
        LocalExecution execution = executions.get(id);
        if (execution == null) {
            return;
        }
        switch (message.path("type").asText()) {
            case "started" -> execution.started(message.path("startedAt").asLong());
            case "event" -> execution.event(StepFunctionsRequest.parseEvent(message.path("event")));
            case "result" -> {
                executions.remove(id);
                execution.finished(message.path("result"));
            }
            case "rejected" -> {
                executions.remove(id);
                execution.rejected(message.path("message").asText());
            }
            default -> {
                // A message type this side does not know: ignore it rather than fail the execution.
            }
        }
    }

    private String reasonOfDeath() {
        return death != null ? death : "stderr: " + process.stderrTail().strip();
    }

    private static String text(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
