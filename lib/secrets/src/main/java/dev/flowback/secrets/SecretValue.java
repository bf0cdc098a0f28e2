package dev.flowback.secrets;

import java.util.Objects;

/**
 * A secret's value, held so that it does not leak by accident: {@link #toString()} never shows it, so a log line, an
 * exception message or a debugger's summary that prints the object prints {@code [redacted]}. Only {@link #reveal()}
 * gives the text, at the one place that sends it.
 */
public final class SecretValue {
    private final String value;

    public SecretValue(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[redacted]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
