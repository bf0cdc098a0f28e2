package dev.flowback.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.aws.AwsErrors;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.VersionConflictException;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Starts the rollback state machine with Step Functions' StartExecution (port {@link RollbackExecutions}); the input
 * is the request's documented fields ({@link RollbackRequest#toFields()}) as JSON.
 *
 * <p>One name is one rollback. StartExecution alone does not say whether it started anything (for a running
 * execution with the same name and input it answers that execution again), and refuses a closed one's name whatever
 * the input. So the adapter first looks the name up (DescribeExecution): an execution with that name and an equal
 * request, running or finished, is the one already started ({@code alreadyStarted}); with another request the start
 * is refused with a {@link VersionConflictException}. Only an unknown name is started. Two callers racing with one
 * name both start "it" (Step Functions runs it once) and may both report {@code alreadyStarted = false}.
 *
 * <p>Failures come from Flowback's flat set: a bad execution name is an {@link InvalidInputException} before any
 * call; throttling and 5xx are transient, anything else (an unknown state machine, access denied) permanent
 * ({@link AwsErrors}). The functions that use it need {@code states:StartExecution} on the state machine and
 * {@code states:DescribeExecution} on its executions.
 */
public final class SfnRollbackExecutions implements RollbackExecutions {
    /** Longest execution name Step Functions accepts. */
    public static final int MAX_NAME = 80;
    /** What Step Functions refuses in a name: whitespace, brackets, wildcards, these specials, control characters. */
    private static final Pattern INVALID_NAME_CHARACTER = Pattern.compile(
            "[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\x00-\\x1F\\x7F-\\x9F]");
    private static final ObjectMapper JSON = Json.strict().build();

    private final SfnClient sfn;
    private final StateMachineConfig stateMachine;

    public SfnRollbackExecutions(SfnClient sfn, StateMachineConfig stateMachine) {
        this.sfn = sfn;
        this.stateMachine = stateMachine;
    }

    /** The Step Functions client Flowback uses, built once per container by the caller. */
    public static SfnClient client(AwsSettings settings) {
        return settings.configure(SfnClient.builder(), "sfn").build();
    }

    /** The execution input for {@code request}: the documented fields as JSON, the same text for equal requests. */
    public static String inputJson(RollbackRequest request) {
        try {
            return JSON.writeValueAsString(request.toFields());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialize", e);
        }
    }

    /**
     * Refuses a name Step Functions would refuse, naming what is wrong.
     *
     * @throws InvalidInputException for an empty name, one longer than {@link #MAX_NAME}, or one with a character
     *                               Step Functions does not allow
     */
    public static void checkExecutionName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            throw new InvalidInputException("execution_name.length", "execution_name", "the execution name must be 1"
                    + " to " + MAX_NAME + " characters long, was " + (name == null ? "missing" : name.length() + ""));
        }
        var invalid = INVALID_NAME_CHARACTER.matcher(name);
        if (invalid.find()) {
            throw new InvalidInputException("execution_name.syntax", "execution_name", "the execution name may not"
                    + " contain whitespace, brackets, wildcards, control characters or any of \" # % \\ ^ | ~ ` $ & , ;"
                    + " : /; found U+" + String.format("%04X", (int) invalid.group().charAt(0)) + " at position "
                    + invalid.start());
        }
    }

    @Override
    public StartedRollback start(String executionName, RollbackRequest request) {
        checkExecutionName(executionName);
        String executionArn = stateMachine.executionArn(executionName);
        Optional<StartedRollback> existing = existing(executionArn, request);
        if (existing.isPresent()) {
            return existing.get();
        }
        String input = inputJson(request);
        StartExecutionResponse started = AwsErrors.call("starting rollback execution " + executionName + " of "
                + stateMachine.stateMachineArn(), () -> {
                    try {
                        return sfn.startExecution(b -> b.stateMachineArn(stateMachine.stateMachineArn())
                                .name(executionName).input(input));
                    } catch (ExecutionAlreadyExistsException e) {
                        // Started by another caller since the look-up: what it holds decides.
                        return null;
                    }
                });
        if (started == null) {
            return existing(executionArn, request).orElseThrow(() -> new VersionConflictException(
                    "an execution named " + executionName + " exists with another input"));
        }
        return new StartedRollback(started.executionArn(), started.startDate(), false);
    }

    /** The execution of that ARN when its input is an equal request; a refusal when it holds another. */
    private Optional<StartedRollback> existing(String executionArn, RollbackRequest request) {
        DescribeExecutionResponse execution = AwsErrors.call("reading rollback execution " + executionArn, () -> {
            try {
                return sfn.describeExecution(b -> b.executionArn(executionArn));
            } catch (ExecutionDoesNotExistException e) {
                return null;
            }
        });
        if (execution == null) {
            return Optional.empty();
        }
        if (!request.equals(requestIn(execution.input()).orElse(null))) {
            throw new VersionConflictException("an execution named " + execution.name() + " exists with another"
                    + " input (" + execution.status() + ", started " + execution.startDate() + "): " + executionArn);
        }
        return Optional.of(new StartedRollback(execution.executionArn(), execution.startDate(), true));
    }

    /**
     * The request an execution's input holds, compared as a request (field order and spacing aside), or empty when it
     * holds none (another kind of input, started by hand).
     */
    private static Optional<RollbackRequest> requestIn(String input) {
        try {
            return Optional.of(RollbackRequest.parse(JSON.readValue(input, Object.class)));
        } catch (JsonProcessingException | InvalidInputException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
