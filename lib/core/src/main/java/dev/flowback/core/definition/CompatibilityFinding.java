package dev.flowback.core.definition;

/**
 * Something moving from the live version to a target would break, that validating the target alone cannot see.
 *
 * @param forceable whether an operator may knowingly go past it with {@code force}. A finding that would destroy
 *                  something the target cannot give back (a secret's value) is never forceable.
 */
public record CompatibilityFinding(String message, boolean forceable) {
    public static CompatibilityFinding forceable(String message) {
        return new CompatibilityFinding(message, true);
    }

    public static CompatibilityFinding blocking(String message) {
        return new CompatibilityFinding(message, false);
    }
}
