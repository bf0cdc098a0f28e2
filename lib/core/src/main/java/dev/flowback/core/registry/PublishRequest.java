package dev.flowback.core.registry;

import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import java.util.Objects;

/**
 * A request to publish a document as a new version.
 *
 * @param versionId      the id to publish as, or null to have one assigned ({@code v<sequence>})
 * @param document       the bytes exactly as published; they become the snapshot unchanged
 * @param parentVersion  the version this derives from, or null for the latest
 * @param allowDuplicate publish even when an existing version has the same fingerprint
 * @param allowPlaintextCredentials store the document even though it holds what looks like a credential in plain
 *                       text; each one is recorded on the version (by where it is, never its value)
 */
public record PublishRequest(
        WorkflowId workflowId,
        VersionId versionId,
        byte[] document,
        String author,
        String summary,
        VersionId parentVersion,
        boolean allowDuplicate,
        boolean allowPlaintextCredentials) {

    public static final int MAX_AUTHOR = 256;
    public static final int MAX_SUMMARY = 2048;

    public PublishRequest {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(document, "document");
        author = author == null || author.isBlank() ? "unknown" : author.strip();
        summary = summary == null ? "" : summary.strip();
    }

    public static PublishRequest of(WorkflowId workflowId, VersionId versionId, byte[] document, String author,
                                    String summary) {
        return new PublishRequest(workflowId, versionId, document, author, summary, null, false, false);
    }

    public PublishRequest allowingDuplicate() {
        return new PublishRequest(workflowId, versionId, document, author, summary, parentVersion, true,
                allowPlaintextCredentials);
    }

    /** The publisher insists on storing plaintext credentials; the version records each one. */
    public PublishRequest allowingPlaintextCredentials() {
        return new PublishRequest(workflowId, versionId, document, author, summary, parentVersion, allowDuplicate,
                true);
    }
}
