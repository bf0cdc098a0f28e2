package dev.flowback.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.testing.InMemoryPorts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the reading of a document assumed is recorded with the version publish returns, and read back with it. */
class PublishNotesTest {
    private static final WorkflowId WF = WorkflowId.of("article-summary");

    @Test
    void anAssumedDslVersionIsRecordedWithTheVersion() {
        VersionRegistry registry = new InMemoryPorts().registry;
        PublishResult result = registry.publish(PublishRequest.of(WF, VersionId.of("v1.0.0"),
                Fixtures.bytes("dify/generations/dsl-0.1-without-version.yaml"), "test", ""));
        List<String> expected = List.of("the document states no DSL version: read as 0.1.0, the version Dify's "
                + "importer assumes for an export without one");
        assertEquals(expected, result.version().notes());
        assertEquals("0.1.0", result.version().schemaVersion());
        assertEquals(expected, registry.get(WF, VersionId.of("v1.0.0")).notes());
    }

    @Test
    void aDocumentThatStatesEverythingHasNoNotes() {
        PublishResult result = new InMemoryPorts().registry.publish(PublishRequest.of(WF, null,
                Fixtures.bytes("dify/generations/dsl-0.1-workflow.yaml"), "test", ""));
        assertEquals(List.of(), result.version().notes());
    }
}
