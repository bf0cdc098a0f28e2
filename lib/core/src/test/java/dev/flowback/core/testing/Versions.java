package dev.flowback.core.testing;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.engine.EngineRequirement;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.SnapshotKeys;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Test-data builder for version records. */
public final class Versions {
    private Versions() {
    }

    public static VersionRecord version(String workflow, String version, long sequence) {
        return version(workflow, version, sequence, "content of " + workflow + " " + version);
    }

    public static VersionRecord version(String workflow, String version, long sequence, String semanticContent) {
        ContentHash sha = ContentHash.of((semanticContent + "#bytes").getBytes(StandardCharsets.UTF_8));
        return new VersionRecord(WorkflowId.of(workflow), VersionId.of(version), sequence, sha,
                ContentHash.of(semanticContent.getBytes(StandardCharsets.UTF_8)), 42, SnapshotKeys.forHash(sha),
                "flowback", "alice", Instant.parse("2026-11-26T10:00:00Z").plusSeconds(sequence),
                "summary " + version, null, "1.0", new EngineRequirement("flowback-engine", "^2.0.0"),
                VersionStatus.CANDIDATE, List.of("API_KEY", "DB_PASSWORD"), List.of(
                        "the document states no DSL version: read as 0.1.0", "another note, kept after the first"));
    }
}
