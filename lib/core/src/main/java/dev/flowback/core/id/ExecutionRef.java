package dev.flowback.core.id;

import dev.flowback.core.error.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The execution a step belongs to: its id ({@code $$.Execution.Id}, the lock holder and the record's key) and its
 * start time ({@code $$.Execution.StartTime}, which orders the audit trail and is the same on every replay).
 */
public record ExecutionRef(String id, Instant startedAt) {
    public static final int MAX_ID = 1024;

    public ExecutionRef {
        requireId(id);
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public static ExecutionRef parse(String id, String startedAt) {
        requireId(id);
        try {
            return new ExecutionRef(id, Instant.parse(startedAt));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException("field.syntax", "started_at",
                    "started_at must be the execution's ISO-8601 start time ($$.Execution.StartTime)");
        }
    }

    /** An execution id as Step Functions writes it: printable, at most {@link #MAX_ID} characters. */
    public static String requireId(String id) {
        if (id == null || id.isBlank() || id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("field.syntax", "execution_id", "execution_id must be the execution's id"
                    + " ($$.Execution.Id), 1 to " + MAX_ID + " printable characters");
        }
        return id;
    }
}
