package dev.flowback.core.id;

import dev.flowback.core.error.InvalidInputException;
import java.util.Optional;

/**
 * How a caller names the version it wants: an explicit id, or one of the symbolic names {@code latest},
 * {@code previous} and {@code last-known-good}, resolved against what is live.
 */
public record VersionRef(Kind kind, Optional<VersionId> explicit) {
    public enum Kind { EXPLICIT, LATEST, PREVIOUS, LAST_KNOWN_GOOD }

    public static final String LATEST = "latest";
    public static final String PREVIOUS = "previous";
    public static final String LAST_KNOWN_GOOD = "last-known-good";

    public VersionRef {
        if ((kind == Kind.EXPLICIT) != explicit.isPresent()) {
            throw new IllegalArgumentException("an explicit reference carries exactly one version id");
        }
    }

    public static VersionRef parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidInputException("identifier.missing", field, field
                    + " is required: a version id (v1.4.2), 'previous', 'last-known-good' or 'latest'");
        }
        return switch (text) {
            case LATEST -> new VersionRef(Kind.LATEST, Optional.empty());
            case PREVIOUS -> new VersionRef(Kind.PREVIOUS, Optional.empty());
            case LAST_KNOWN_GOOD -> new VersionRef(Kind.LAST_KNOWN_GOOD, Optional.empty());
            default -> {
                if (!text.startsWith("v")) {
                    throw new InvalidInputException("identifier.syntax", field, field + " \""
                            + Identifiers.printable(text)
                            + "\" is invalid: a version id (v1.4.2), 'previous', 'last-known-good' or 'latest'");
                }
                yield of(VersionId.of(field, text));
            }
        };
    }

    public static VersionRef of(VersionId id) {
        return new VersionRef(Kind.EXPLICIT, Optional.of(id));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EXPLICIT -> explicit.orElseThrow().value();
            case LATEST -> LATEST;
            case PREVIOUS -> PREVIOUS;
            case LAST_KNOWN_GOOD -> LAST_KNOWN_GOOD;
        };
    }
}
