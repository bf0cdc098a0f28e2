package dev.flowback.core.registry;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.engine.EngineRequirement;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A published version's metadata. Immutable once written, except {@link #status()}.
 *
 * @param sequence      monotonic per workflow: orders history and decides "older than"
 * @param sha256        SHA-256 of the stored bytes, re-checked on every read
 * @param fingerprint   SHA-256 of the canonical normalized model
 * @param snapshotKey   the content-addressed S3 key of the bytes
 * @param format        the format that reads the bytes ({@code flowback}, {@code dify})
 * @param parentVersion the version this one was derived from (the latest at publish time unless named), or null
 * @param secretNames   the names (never the values) of the secrets the definition declares, sorted
 * @param notes         what Flowback assumed, or was told to accept, when it read the definition at publish time
 *                      (a DSL version the document leaves out), in the order found; never part of the fingerprint
 */
public record VersionRecord(
        WorkflowId workflowId,
        VersionId versionId,
        long sequence,
        ContentHash sha256,
        ContentHash fingerprint,
        long sizeBytes,
        String snapshotKey,
        String format,
        String author,
        Instant createdAt,
        String summary,
        VersionId parentVersion,
        String schemaVersion,
        EngineRequirement engine,
        VersionStatus status,
        List<String> secretNames,
        List<String> notes) {

    public VersionRecord {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(snapshotKey, "snapshotKey");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        author = author == null ? "" : author;
        summary = summary == null ? "" : summary;
        schemaVersion = schemaVersion == null ? "" : schemaVersion;
        secretNames = secretNames == null ? List.of() : secretNames.stream().sorted().distinct().toList();
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public Optional<VersionId> parent() {
        return Optional.ofNullable(parentVersion);
    }

    public VersionRecord withStatus(VersionStatus newStatus) {
        return new VersionRecord(workflowId, versionId, sequence, sha256, fingerprint, sizeBytes, snapshotKey, format,
                author, createdAt, summary, parentVersion, schemaVersion, engine, newStatus, secretNames, notes);
    }
}
