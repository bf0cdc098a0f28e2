package dev.flowback.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.testing.InMemoryPorts;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No snapshot holds a plaintext credential unless the publisher insists: by default publish refuses, naming each one
 * and how to move it into a secret; with allowPlaintextCredentials it stores the document and records each one on
 * the version. Neither ever repeats a value.
 */
class PublishCredentialsTest {
    private static final WorkflowId WF = WorkflowId.of("credential-sample");
    private static final byte[] DOCUMENT = Fixtures.bytes("dify/credentials/plaintext.yaml");
    private static final String HTTP_KEY = "Fb7Kq2Zx9Lm4Np8Rt3Vw";

    @Test
    void aDocumentWithAPlaintextCredentialIsRefusedAndNothingIsStored() {
        VersionRegistry registry = new InMemoryPorts().registry;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> registry.publish(PublishRequest.of(WF, VersionId.of("v1.0.0"), DOCUMENT, "alice", "")));
        assertEquals(7, e.problems().size());
        InvalidInputException.Problem http = e.problems().get(2);
        assertEquals(PublishRules.PLAINTEXT_CREDENTIAL, http.rule());
        assertEquals("workflow.graph.nodes[1].data.authorization.config.api_key", http.field());
        assertEquals("node \"Call CRM\" (crm) holds the API key of its authorization (bearer) in plain text at "
                + "workflow.graph.nodes[1].data.authorization.config.api_key: Flowback keeps every document exactly "
                + "as published, so no snapshot may hold a credential. Move the value into a secret environment "
                + "variable (value_type: secret; Dify exports it blank) and refer to it here as {{#env.NAME#}}, then "
                + "export again. To store it anyway, publish with allowPlaintextCredentials; the version then "
                + "records that it holds one", http.message());
        assertFalse(e.getMessage().contains(HTTP_KEY));
        assertTrue(registry.history(WF, 10, null).versions().isEmpty(), "nothing is stored");
    }

    @Test
    void aPublisherWhoInsistsGetsTheDocumentStoredAndEachCredentialRecorded() {
        VersionRegistry registry = new InMemoryPorts().registry;
        PublishResult result = registry.publish(PublishRequest.of(WF, VersionId.of("v1.0.0"), DOCUMENT, "alice", "")
                .allowingPlaintextCredentials());
        List<String> notes = result.version().notes();
        assertEquals(7, notes.size());
        assertEquals("plaintext credential stored on request (allowPlaintextCredentials, by alice): node \"Call CRM\" "
                + "(crm) holds the API key of its authorization (bearer) in plain text at "
                + "workflow.graph.nodes[1].data.authorization.config.api_key", notes.get(2));
        assertFalse(String.join("\n", notes).contains(HTTP_KEY));
        assertEquals(notes, registry.get(WF, VersionId.of("v1.0.0")).notes());
    }

    @Test
    void aDocumentThatOnlyRefersToSecretsPublishesWithoutNotes() {
        PublishResult result = new InMemoryPorts().registry.publish(PublishRequest.of(WF, null,
                Fixtures.bytes("dify/credentials/references-only.yaml"), "alice", ""));
        assertEquals(List.of(), result.version().notes());
    }
}
