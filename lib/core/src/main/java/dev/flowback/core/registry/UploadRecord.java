package dev.flowback.core.registry;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One staged upload: what the publisher asked for when it was offered (so publishing it later needs nothing but
 * its id), where the bytes go, until when, and once published, the version it became.
 *
 * @param uploadId          32 lower-case hex digits, random
 * @param stagingKey        where the bytes are uploaded ({@code uploads/{workflow}/{uploadId}})
 * @param versionId         the version id asked for, or null to have one assigned
 * @param expectedSha256    the SHA-256 the publisher declared, checked against the uploaded bytes; or null
 * @param expectedSize      the size in bytes the publisher declared, checked likewise; or -1
 * @param publishedVersion  the version published from it, or null while pending
 */
public record UploadRecord(
        WorkflowId workflowId,
        String uploadId,
        String stagingKey,
        VersionId versionId,
        String summary,
        String author,
        ContentHash expectedSha256,
        long expectedSize,
        boolean allowDuplicate,
        boolean allowPlaintextCredentials,
        Instant createdAt,
        Instant expiresAt,
        VersionId publishedVersion) {

    public UploadRecord {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(stagingKey, "stagingKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        summary = summary == null ? "" : summary;
        author = author == null ? "" : author;
    }

    public Optional<VersionId> published() {
        return Optional.ofNullable(publishedVersion);
    }

    public UploadRecord publishedAs(VersionId version) {
        return new UploadRecord(workflowId, uploadId, stagingKey, versionId, summary, author, expectedSha256,
                expectedSize, allowDuplicate, allowPlaintextCredentials, createdAt, expiresAt, version);
    }
}
