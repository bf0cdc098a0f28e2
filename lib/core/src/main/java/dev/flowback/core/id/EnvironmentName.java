package dev.flowback.core.id;

import java.util.regex.Pattern;

/** An environment of a workflow, e.g. {@code prod}. */
public record EnvironmentName(String value) {
    private static final Pattern SYNTAX = Pattern.compile("^[a-z][a-z0-9-]{0,31}$");
    public static final String RULE =
            "1 to 32 characters: lower-case letters, digits or '-', starting with a letter";

    public EnvironmentName {
        Identifiers.require("environment", value, SYNTAX, RULE);
    }

    public static EnvironmentName of(String value) {
        return new EnvironmentName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
