package dev.flowback.core.registry;

import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.SnapshotStoreContract;

/** The in-memory snapshot store the core's tests use keeps S3's create-only rules. */
class InMemorySnapshotStoreTest extends SnapshotStoreContract {
    private final InMemoryPorts.Snapshots store = new InMemoryPorts.Snapshots();

    @Override
    protected SnapshotStore store() {
        return store;
    }
}
