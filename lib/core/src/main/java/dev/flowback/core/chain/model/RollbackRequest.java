package dev.flowback.core.chain.model;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.InvalidInputException.Problem;
import dev.flowback.core.error.MessageBounds;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The state machine's input, checked field by field before any I/O:
 * <pre>{@code {"workflow_id": "wf-abc123", "environment": "prod", "target_version": "v1.4.2" | "previous" |
 *   "last-known-good" | "latest", "reason": "...", "force": false, "dry_run": false, "requested_by": "...",
 *   "trigger": "alarm" | "api" | "manual", "evidence": {...}}}</pre>
 * Every problem is reported at once, each naming its field; unknown fields are refused so a typo such as
 * {@code taget_version} is not silently ignored.
 *
 * <p>{@code evidence} is optional and only for {@code "trigger": "alarm"}: what the alarm measured (see
 * {@link AlarmEvidence}), carried to the rollback record and the final event.
 *
 * <p>The input arrives as the JSON object's fields with plain Java values (String, Boolean, Number, List, Map or
 * null), as the handler edge decodes them: the core reads a request without knowing the JSON library.
 */
public record RollbackRequest(
        WorkflowId workflowId,
        EnvironmentName environment,
        VersionRef target,
        String reason,
        boolean force,
        boolean dryRun,
        String requestedBy,
        RollbackTrigger trigger,
        AlarmEvidence evidence) {

    public static final Set<String> FIELDS = Set.of("workflow_id", "environment", "target_version", "reason", "force",
            "dry_run", "requested_by", "trigger", "evidence");
    public static final int MAX_REASON = 1024;
    public static final int MAX_REQUESTED_BY = 256;

    public RollbackRequest {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** A request without alarm evidence. */
    public RollbackRequest(WorkflowId workflowId, EnvironmentName environment, VersionRef target, String reason,
                           boolean force, boolean dryRun, String requestedBy, RollbackTrigger trigger) {
        this(workflowId, environment, target, reason, force, dryRun, requestedBy, trigger, null);
    }

    /** The request as the execution's input gives it: a JSON object, or anything else, which is refused. */
    public static RollbackRequest parse(Object input) {
        if (!(input instanceof Map<?, ?> fields)) {
            throw new InvalidInputException("input.type", "input", "the input must be a JSON object with workflow_id, "
                    + "environment and target_version; got " + (input == null ? "nothing" : JsonKinds.of(input)));
        }
        return parseFields(fields);
    }

    private static RollbackRequest parseFields(Map<?, ?> input) {
        List<Problem> problems = new ArrayList<>();
        // The known fields are listed once, on the first unknown one: listing them on each made the cause grow
        // many times faster than the input.
        for (Object key : input.keySet()) {
            String name = String.valueOf(key);
            if (!FIELDS.contains(name)) {
                String quoted = MessageBounds.printable(name);
                problems.add(new Problem("field.unknown", quoted, "unknown field \"" + quoted + "\""
                        + (problems.isEmpty() ? " (known: " + String.join(", ", FIELDS.stream().sorted().toList())
                        + ")" : "")));
            }
        }
        WorkflowId workflow = check(problems, () -> WorkflowId.of(text(input, "workflow_id")));
        EnvironmentName environment = check(problems, () -> EnvironmentName.of(text(input, "environment")));
        VersionRef target = check(problems, () -> VersionRef.parse("target_version", text(input, "target_version")));
        String reason = check(problems, () -> optionalText(input, "reason", MAX_REASON));
        Boolean force = check(problems, () -> flag(input, "force"));
        Boolean dryRun = check(problems, () -> flag(input, "dry_run"));
        String requestedBy = check(problems, () -> optionalText(input, "requested_by", MAX_REQUESTED_BY));
        RollbackTrigger trigger = check(problems, () -> trigger(input));
        AlarmEvidence evidence = check(problems, () -> input.get("evidence") == null ? null
                : AlarmEvidence.parse(input.get("evidence")));
        if (evidence != null && trigger != null && trigger != RollbackTrigger.ALARM) {
            problems.add(new Problem("field.value", "evidence", "evidence is only for \"trigger\": \"alarm\"; this"
                    + " request's trigger is " + trigger.wireName()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new RollbackRequest(workflow, environment, target, reason, force, dryRun,
                requestedBy.isEmpty() ? "unknown" : requestedBy, trigger, evidence);
    }

    /**
     * The request as the state machine's input: every field of {@link #FIELDS}, in the documented order, with plain
     * values (String, Boolean; the evidence as a Map of Strings, Doubles and Lists, and only when there is some), so
     * {@code parse(request.toFields())} is an equal request. Whatever starts a rollback (the alarm trigger, the API,
     * the Step Functions adapter) writes its input from this, so the wire form is defined once, beside the parser
     * that reads it.
     */
    public Map<String, Object> toFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workflow_id", workflowId.value());
        fields.put("environment", environment.value());
        fields.put("target_version", target.toString());
        fields.put("reason", reason);
        fields.put("force", force);
        fields.put("dry_run", dryRun);
        fields.put("requested_by", requestedBy);
        fields.put("trigger", trigger.wireName());
        if (evidence != null) {
            fields.put("evidence", evidence.toFields());
        }
        return Collections.unmodifiableMap(fields);
    }

    /** The environment the request names. */
    public EnvironmentRef ref() {
        return new EnvironmentRef(workflowId, environment);
    }

    private static <T> T check(List<Problem> problems, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Null when absent, so the identifier's own check reports "is required". */
    private static String text(Map<?, ?> input, String field) {
        Object value = input.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidInputException("field.type", field, field + " must be a string, got "
                    + JsonKinds.of(value));
        }
        return text;
    }

    private static String optionalText(Map<?, ?> input, String field, int max) {
        String value = text(input, field);
        if (value == null) {
            return "";
        }
        if (value.length() > max) {
            throw new InvalidInputException("field.length", field, field + " is longer than " + max + " characters");
        }
        return value.strip();
    }

    private static Boolean flag(Map<?, ?> input, String field) {
        Object value = input.get(field);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw new InvalidInputException("field.type", field, field + " must be true or false, got "
                    + JsonKinds.of(value));
        }
        return flag;
    }

    private static RollbackTrigger trigger(Map<?, ?> input) {
        String value = text(input, "trigger");
        if (value == null) {
            return RollbackTrigger.MANUAL;
        }
        return RollbackTrigger.fromWire(value).orElseThrow(() -> new InvalidInputException("field.syntax", "trigger",
                "trigger must be alarm, api or manual"));
    }
}
