package dev.flowback.core.registry;

import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.VersionCatalogContract;

/** The in-memory catalog the core's tests use keeps the DynamoDB catalog's rules. */
class InMemoryVersionCatalogTest extends VersionCatalogContract {
    private final InMemoryPorts.Catalog catalog = new InMemoryPorts.Catalog();

    @Override
    protected VersionCatalog catalog() {
        return catalog;
    }
}
