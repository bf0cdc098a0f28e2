package dev.flowback.core.registry;

/**
 * The version just published, and whether its bytes were new to the store or already held (identical content
 * published before, possibly under another workflow: snapshots are content-addressed and shared).
 */
public record PublishResult(VersionRecord version, boolean snapshotReused) {
}
