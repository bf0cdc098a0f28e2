package dev.flowback.core.definition;

/** Limits every document format shares. Stated in the README; tests prove 5 MiB works. */
public final class DefinitionLimits {
    /** Largest document accepted: 10 MiB. Large enough for any real workflow, small enough for a Lambda's memory. */
    public static final int MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

    private DefinitionLimits() {
    }
}
