package dev.flowback.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution started by {@link LocalStepFunctions#start}, running in the shared Node process: its history so far,
 * how it ended once it has, and a way to stop it.
 */
public final class LocalExecution {
    private final String name;
    private final String stateMachineName;
    private final String description;
    private final Runnable stopper;
    private final CompletableFuture<Instant> started = new CompletableFuture<>();
    private final CompletableFuture<ExecutionResult> completion = new CompletableFuture<>();
    private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();

    LocalExecution(String name, String stateMachineName, String description, Runnable stopper) {
        this.name = name;
        this.stateMachineName = stateMachineName;
        this.description = description;
        this.stopper = stopper;
    }

    /** {@code $$.Execution.Name}. */
    public String name() {
        return name;
    }

    /** {@code $$.Execution.Id}: the execution ARN, as Step Functions forms it from the state machine's name. */
    public String executionArn() {
        return LocalStepFunctions.executionArn(stateMachineName, name);
    }

    /** When the execution started: its ExecutionStarted event, which is also {@code $$.Execution.StartTime}. */
    public Instant startedAt() {
        return started.join();
    }

    /** The history so far, in order; complete once {@link #isDone()}. */
    public List<ExecutionEvent> events() {
        return List.copyOf(events);
    }

    public boolean isDone() {
        return completion.isDone();
    }

    /** How it ended, once it has. */
    public Optional<ExecutionResult> result() {
        return completion.isDone() && !completion.isCompletedExceptionally() ? Optional.of(completion.join())
                : Optional.empty();
    }

    /**
     * Completes with the result; completes exceptionally with an {@link IllegalStateException} when the Node process
     * running it died first.
     */
    public CompletableFuture<ExecutionResult> completion() {
        return completion.copy();
    }

    /**
     * Waits for the end.
     *
     * @throws IllegalStateException when it has not ended within {@code timeout} (it keeps running), or when the Node
     *                               process running it died
     */
    public ExecutionResult await(Duration timeout) {
        try {
            return completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(description + ": execution " + name + " did not finish within " + timeout,
                    e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(description + ": execution " + name + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for execution " + name, e);
        }
    }

    /** Aborts it, as StopExecution does: it ends ABORTED (a Task already running is left to finish, unheard). */
    public void stop() {
        if (!completion.isDone()) {
            stopper.run();
        }
    }

    void awaitStarted(Duration timeout) {
        try {
            started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(description + ": execution " + name + " was not started within "
                    + timeout, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(description + ": execution " + name + " did not start", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting execution " + name, e);
        }
    }

    void started(long epochMillis) {
        started.complete(Instant.ofEpochMilli(epochMillis));
    }

    void event(ExecutionEvent event) {
        events.add(event);
    }

    void finished(JsonNode result) {
        if (!started.isDone()) {
            // The script failed it before it could start (an error of the script itself): say so to the starter.
            started.completeExceptionally(new IllegalStateException(description + ": execution " + name
                    + " ended before it started: " + result.path("cause").asText()));
        }
        try {
            completion.complete(StepFunctionsRequest.parseResult(result, events));
        } catch (RuntimeException e) {
            completion.completeExceptionally(e);
        }
    }

    void rejected(String message) {
        IllegalArgumentException refusal = new IllegalArgumentException(description + ": " + message);
        started.completeExceptionally(refusal);
        completion.completeExceptionally(refusal);
    }

    void hostDied(String reason) {
        IllegalStateException death = new IllegalStateException(description + ": execution " + name
                + " was lost: " + reason);
        started.completeExceptionally(death);
        completion.completeExceptionally(death);
    }
}
