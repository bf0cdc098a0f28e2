package dev.flowback.core.id;

import dev.flowback.core.error.InvalidInputException;
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
        String shortened = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        StringBuilder out = new StringBuilder(shortened.length());
        shortened.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
