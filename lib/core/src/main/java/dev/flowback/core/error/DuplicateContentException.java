package dev.flowback.core.error;

/**
 * The published content is semantically identical (same fingerprint) to a version that already exists.
 * Permanent unless the caller explicitly allows duplicates.
 */
public class DuplicateContentException extends FlowbackException {
    private static final long serialVersionUID = 1L;
    private final String existingVersion;

    public DuplicateContentException(String message, String existingVersion) {
        super(message);
        this.existingVersion = existingVersion;
    }

    /** The version id that already holds this content. */
    public String existingVersion() {
        return existingVersion;
    }
}
