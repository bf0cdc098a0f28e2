package dev.flowback.core.id;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.MessageBounds;
import java.util.regex.Pattern;

/** Shared check for identifier syntax, so every identifier fails with the same shape of message. */
final class Identifiers {
    private Identifiers() {
    }

    static String require(String field, String value, Pattern pattern, String rule) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("identifier.missing", field, field + " is required (" + rule + ")");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidInputException("identifier.syntax", field,
                    field + " \"" + printable(value) + "\" is invalid: " + rule);
        }
        return value;
    }

    /** Keeps hostile input from flooding logs or breaking the message: shortened and control characters escaped. */
    static String printable(String value) {
        return MessageBounds.printable(value);
    }
}
