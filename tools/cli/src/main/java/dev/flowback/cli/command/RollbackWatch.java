package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.cli.CliFailure;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.cli.output.Style;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --wait}: polls a rollback until it ends or the deadline passes, printing each step of the chain as it
 * starts and as it ends, with the time since waiting began and the step's own duration. On failure it prints the
 * cause and the state the environment was left in. Ctrl-C stops only the waiting: the rollback runs on in Step
 * Functions, and the CLI says how to follow it.
 */
final class RollbackWatch {
    /** The chain's steps in order; the one after the last finished is the one running. */
    static final List<String> CHAIN = List.of("snapshot", "validate", "pause", "switch", "verify");
    private static final Set<String> RUNNING = Set.of("REQUESTED", "STARTING", "IN_PROGRESS", "REVERTING");
    /** Steps that close a rollback; its record turns final a moment before their audit entry is written. */
    private static final Set<String> CLOSING = Set.of("verify", "revert", "compensate");
    private static final Duration LAST_ENTRY_GRACE = Duration.ofSeconds(3);

    private final ApiCommand command;
    private final String workflow;
    private final String environment;
    private final String rollbackId;
    private final Duration timeout;

    RollbackWatch(ApiCommand command, String workflow, String environment, String rollbackId, Duration timeout) {
        this.command = command;
        this.workflow = workflow;
        this.environment = environment;
        this.rollbackId = rollbackId;
        this.timeout = timeout;
    }

    /** How to see this rollback again, as a command a person can paste. */
    static String follow(String rollbackId, String workflow, String environment, String flags) {
        return "flowback status " + rollbackId + " --workflow " + workflow + " --env " + environment
                + (flags.isEmpty() ? "" : " " + flags);
    }

    int await() {
        // Progress goes to stderr when stdout carries JSON for a script.
        PrintStream progress = command.json() ? command.settings.err() : command.out();
        Style style = command.style();
        String followUp = follow(rollbackId, workflow, environment, command.api().target().flags());
        AtomicBoolean waiting = new AtomicBoolean(true);
        Thread onInterrupt = new Thread(() -> {
            if (waiting.get()) {
                command.settings.err().println();
                command.settings.err().println("interrupted: stopped waiting; rollback " + rollbackId
                        + " keeps running. Follow it with:");
                command.settings.err().println("  " + followUp + " --wait");
            }
        }, "flowback-wait-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return poll(progress, style, followUp);
        } finally {
            waiting.set(false);
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down (Ctrl-C): the hook is running and prints the follow-up.
            }
        }
    }

    private int poll(PrintStream progress, Style style, String followUp) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String path = ApiClient.path("workflows", workflow, "environments", environment, "rollbacks", rollbackId);
        progress.println("waiting for rollback " + rollbackId + " on " + workflow + "/" + environment
                + " (Ctrl-C stops waiting, not the rollback)");
        int printed = 0;
        String announced = null;
        long finalSince = 0;
        while (true) {
            ApiAnswer answer = command.require(command.api().get(path, Map.of()), workflow, environment);
            JsonNode view = answer.json();
            JsonNode steps = view.path("steps");
            for (; printed < steps.size(); printed++) {
                JsonNode step = steps.get(printed);
                String name = step.path("step").asText();
                if (announced != null && !announced.equals(name)) {
                    // A step that keeps no audit entry (validate writes nothing) ended when the next one shows.
                    progress.printf("  [%6s] %-9s %s%n", elapsed(started), announced, style.green("done"));
                }
                if (!name.equals(announced)) {
                    progress.printf("  [%6s] %-9s started%n", elapsed(started), name);
                }
                progress.printf("  [%6s] %-9s %s %s  %s%n", elapsed(started), name, style.green("done"),
                        step.has("duration_ms") ? step.get("duration_ms").asLong() + " ms" : "",
                        ApiCommand.text(step, "result"));
                announced = null;
            }
            String status = view.path("status").asText();
            boolean running = RUNNING.contains(status);
            String lastStep = steps.isEmpty() ? "" : steps.get(steps.size() - 1).path("step").asText();
            if (!running) {
                finalSince = finalSince == 0 ? System.nanoTime() : finalSince;
                if (CLOSING.contains(lastStep) || System.nanoTime() - finalSince > LAST_ENTRY_GRACE.toNanos()) {
                    return finish(view, progress, style, started);
                }
            } else if (!"REQUESTED".equals(status)) {
                String runningStep = nextStep(steps, lastStep);
                if (runningStep != null && !runningStep.equals(announced)) {
                    progress.printf("  [%6s] %-9s started%n", elapsed(started), runningStep);
                    announced = runningStep;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new CliFailure(Exit.FAILED, "gave up waiting after " + timeout.toSeconds() + " s: rollback "
                        + rollbackId + " is still " + status, "it keeps running; follow it with " + followUp
                        + " --wait");
            }
            sleep();
        }
    }

    private int finish(JsonNode view, PrintStream progress, Style style, long started) {
        if (command.json()) {
            command.out().println(view.toString());
        }
        String status = view.path("status").asText();
        String from = ApiCommand.text(view, "from_version");
        String to = ApiCommand.text(view, "target_version");
        progress.printf("  [%6s] %s: %s → %s%s%n", elapsed(started), style.status(status), from, to,
                view.hasNonNull("message") ? " (" + view.get("message").asText() + ")" : "");
        RollbackTimes.print(progress, style, view);
        Exit exit = exitFor(status);
        if (exit != Exit.OK) {
            progress.println("  cause: " + (view.hasNonNull("error") ? view.get("error").asText() + ": " : "")
                    + ApiCommand.text(view, "message"));
            printLeftIn(progress);
        }
        return exit.code();
    }

    /** What a rollback's status means for the exit code: running or succeeded is success. */
    static Exit exitFor(String status) {
        return switch (status) {
            case "HELD", "REVERTED" -> Exit.VERIFICATION_FAILED;
            case "FAILED" -> Exit.FAILED;
            default -> Exit.OK;
        };
    }

    /** The state the environment was left in, read after the rollback ended. */
    private void printLeftIn(PrintStream progress) {
        ApiAnswer answer = command.api().get(ApiClient.path("workflows", workflow, "environments", environment),
                Map.of());
        if (!answer.ok()) {
            progress.println("  environment: could not be read (" + answer.status() + ")");
            return;
        }
        JsonNode e = answer.json();
        JsonNode lock = e.path("lock");
        progress.println("  environment left: live " + ApiCommand.text(e, "live_version") + " (revision "
                + ApiCommand.text(e, "revision") + "), previous " + ApiCommand.text(e, "previous_version")
                + ", gate " + ApiCommand.text(e.path("gate"), "state") + ", lock "
                + (lock.hasNonNull("holder") ? "held by " + lock.get("holder").asText() : "free")
                + ", last-known-good " + ApiCommand.text(e, "last_known_good"));
    }

    /** The step running after {@code lastStep}, when the chain's order says which. */
    private static String nextStep(JsonNode steps, String lastStep) {
        if (steps.isEmpty()) {
            return CHAIN.get(0);
        }
        int last = CHAIN.indexOf(lastStep);
        return last >= 0 && last + 1 < CHAIN.size() ? CHAIN.get(last + 1) : null;
    }

    private static String elapsed(long started) {
        return String.format("%.1fs", (System.nanoTime() - started) / 1e9);
    }

    private void sleep() {
        try {
            Thread.sleep(command.settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(Exit.INTERRUPTED, "interrupted while waiting for rollback " + rollbackId,
                    "it keeps running; follow it with " + follow(rollbackId, workflow, environment,
                    command.api().target().flags()));
        }
    }
}
