package dev.flowback.stepfunctions;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which state machine runs rollbacks: FLOWBACK_STATE_MACHINE_ARN, set by template.yaml (the state machine's
 * {@code Ref}), parsed once per container. A missing or malformed value stops the container at start with the
 * variable's name, rather than failing the first rollback an alarm asks for.
 *
 * <p>The ARN must name the state machine itself, not a version or alias ({@code ...:stateMachine:name:1}): an
 * execution's ARN is derived from it ({@link #executionArn}) to find an execution by name, which is how a repeated
 * start finds the execution the first one started.
 *
 * @param stateMachineArn {@code arn:<partition>:states:<region>:<account>:stateMachine:<name>}
 */
public record StateMachineConfig(String stateMachineArn) {
    public static final String STATE_MACHINE_ARN = "FLOWBACK_STATE_MACHINE_ARN";
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):states:([a-z0-9-]+):(\\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})");

    public StateMachineConfig {
        if (stateMachineArn == null || !ARN.matcher(stateMachineArn).matches()) {
            throw new IllegalArgumentException("not a state machine ARN (arn:aws:states:<region>:<account>"
                    + ":stateMachine:<name>, no version or alias): '" + stateMachineArn + "'");
        }
    }

    public static StateMachineConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static StateMachineConfig from(Map<String, String> variables) {
        String value = variables.get(STATE_MACHINE_ARN);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + STATE_MACHINE_ARN + " is not set");
        }
        try {
            return new StateMachineConfig(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable " + STATE_MACHINE_ARN + " is " + e.getMessage(),
                    e);
        }
    }

    /** The state machine's name, the last part of its ARN. */
    public String name() {
        return parts().group(4);
    }

    /** The ARN Step Functions gives the execution of this state machine named {@code executionName}. */
    public String executionArn(String executionName) {
        Matcher arn = parts();
        return "arn:" + arn.group(1) + ":states:" + arn.group(2) + ":" + arn.group(3) + ":execution:" + arn.group(4)
                + ":" + executionName;
    }

    private Matcher parts() {
        Matcher arn = ARN.matcher(stateMachineArn);
        if (!arn.matches()) {
            throw new IllegalStateException("checked at construction: " + stateMachineArn);
        }
        return arn;
    }
}
