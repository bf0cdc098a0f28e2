package dev.flowback.core.chain.model;

import dev.flowback.core.chain.health.SettingChecks;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.InvalidInputException.Problem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Why an automatic rollback was started: the alarm, the state it entered and when, CloudWatch's reason and the
 * metric values behind it as numbers (the datapoints the reason cites and the threshold they crossed), so the
 * rollback record and its events say what was measured, not only a sentence.
 *
 * <p>It travels in the execution's input as {@code "evidence": {"alarm_name": ..., "state": "ALARM", "reason": ...,
 * "state_changed_at": "2026-01-02T03:04:05.678Z", "values": [300.0], "threshold": 250.0}} and is read from plain Java
 * values, as {@link RollbackRequest} is.
 *
 * @param values    the datapoints the reason cites, newest first as CloudWatch lists them; empty when it cites none
 *                  (a composite alarm's reason names alarms, not values)
 * @param threshold the threshold they were compared with, or null when the reason states none
 */
public record AlarmEvidence(
        String alarmName,
        AlarmState state,
        String reason,
        Instant stateChangedAt,
        List<Double> values,
        Double threshold) {

    public static final Set<String> FIELDS = Set.of("alarm_name", "state", "reason", "state_changed_at", "values",
            "threshold");
    /** CloudWatch's own limit on a state reason. */
    public static final int MAX_REASON = 1023;
    /** More datapoints than any alarm evaluates (CloudWatch evaluates at most a day of periods, cited in short). */
    public static final int MAX_VALUES = 100;

    public AlarmEvidence {
        SettingChecks.requireName("evidence.alarm_name", alarmName);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateChangedAt, "stateChangedAt");
        reason = reason == null ? "" : reason;
        if (reason.length() > MAX_REASON) {
            throw new InvalidInputException("field.length", "evidence.reason", "evidence.reason is longer than "
                    + MAX_REASON + " characters");
        }
        values = List.copyOf(values == null ? List.of() : values);
        if (values.size() > MAX_VALUES) {
            throw new InvalidInputException("field.length", "evidence.values", "evidence.values has more than "
                    + MAX_VALUES + " numbers");
        }
        if (values.stream().anyMatch(v -> !Double.isFinite(v)) || threshold != null && !Double.isFinite(threshold)) {
            throw new InvalidInputException("field.range", "evidence.values", "evidence values and threshold must be"
                    + " finite numbers");
        }
    }

    /** The evidence as the execution's input gives it (a JSON object), every problem reported at once. */
    public static AlarmEvidence parse(Object input) {
        if (!(input instanceof Map<?, ?> fields)) {
            throw new InvalidInputException("field.type", "evidence", "evidence must be an object with alarm_name,"
                    + " state, reason, state_changed_at, values and threshold; got " + JsonKinds.of(input));
        }
        List<Problem> problems = new ArrayList<>();
        for (Object key : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                problems.add(new Problem("field.unknown", "evidence." + key, "unknown field \"evidence." + key
                        + "\" (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")"));
            }
        }
        String name = text(fields, "alarm_name", problems);
        if (name != null) {
            collect(problems, () -> SettingChecks.requireName("evidence.alarm_name", name));
        } else if (fields.get("alarm_name") == null) {
            problems.add(new Problem("field.missing", "evidence.alarm_name", "evidence.alarm_name is required"));
        }
        AlarmState state = null;
        String stateText = text(fields, "state", problems);
        if (stateText != null) {
            state = AlarmState.fromWire(stateText).orElse(null);
            if (state == null) {
                problems.add(new Problem("field.syntax", "evidence.state", "evidence.state must be ALARM, OK or"
                        + " INSUFFICIENT_DATA"));
            }
        } else if (fields.get("state") == null) {
            problems.add(new Problem("field.missing", "evidence.state", "evidence.state is required"));
        }
        String reason = fields.get("reason") == null ? "" : text(fields, "reason", problems);
        if (reason != null && reason.length() > MAX_REASON) {
            problems.add(new Problem("field.length", "evidence.reason", "evidence.reason is longer than "
                    + MAX_REASON + " characters"));
        }
        Instant changedAt = instant(fields, problems);
        List<Double> values = numbers(fields.get("values"), problems);
        Double threshold = number(fields.get("threshold"), "evidence.threshold", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new AlarmEvidence(name, state, reason, changedAt, values, threshold);
    }

    private static void collect(List<Problem> problems, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
    }

    /** The inverse of {@link #parse}: plain Java values a JSON writer writes as the input's evidence object. */
    public Map<String, Object> toFields() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("alarm_name", alarmName);
        input.put("state", state.name());
        input.put("reason", reason);
        input.put("state_changed_at", stateChangedAt.toString());
        input.put("values", values);
        input.put("threshold", threshold);
        return input;
    }

    private static String text(Map<?, ?> fields, String field, List<Problem> problems) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            problems.add(new Problem("field.type", "evidence." + field, "evidence." + field + " must be a string, got "
                    + JsonKinds.of(value)));
            return null;
        }
        return text;
    }

    private static Instant instant(Map<?, ?> fields, List<Problem> problems) {
        Object value = fields.get("state_changed_at");
        if (value == null) {
            problems.add(new Problem("field.missing", "evidence.state_changed_at", "evidence.state_changed_at is"
                    + " required"));
            return null;
        }
        try {
            if (value instanceof String text) {
                return Instant.parse(text);
            }
        } catch (DateTimeParseException e) {
            // reported below with the rule
        }
        problems.add(new Problem("field.syntax", "evidence.state_changed_at", "evidence.state_changed_at must be an"
                + " ISO-8601 instant such as 2026-01-02T03:04:05.678Z"));
        return null;
    }

    private static List<Double> numbers(Object value, List<Problem> problems) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(new Problem("field.type", "evidence.values", "evidence.values must be an array of numbers,"
                    + " got " + JsonKinds.of(value)));
            return List.of();
        }
        List<Double> numbers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Double n = number(list.get(i), "evidence.values[" + i + "]", problems);
            if (n != null) {
                numbers.add(n);
            } else if (list.get(i) == null) {
                problems.add(new Problem("field.type", "evidence.values[" + i + "]", "evidence.values[" + i
                        + "] must be a number, got null"));
            }
        }
        return numbers;
    }

    private static Double number(Object value, String field, List<Problem> problems) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            problems.add(new Problem("field.type", field, field + " must be a number, got " + JsonKinds.of(value)));
            return null;
        }
        return n.doubleValue();
    }
}
