package dev.flowback.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
    @ParameterizedTest
    @ValueSource(strings = {"wf-abc123", "A", "a.b_c-d", "0abc"})
    void acceptsWorkflowIds(String id) {
        assertEquals(id, WorkflowId.of(id).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-abc", ".abc", "wf abc", "wf/abc", "wf#1", "é"})
    void rejectsWorkflowIdsNamingFieldAndRule(String id) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WorkflowId.of(id));
        assertTrue(e.getMessage().startsWith("workflow_id \""), e.getMessage());
        assertTrue(e.getMessage().contains(WorkflowId.RULE), e.getMessage());
        assertEquals("workflow_id", e.problems().get(0).field());
    }

    @Test
    void rejectsOverlongWorkflowId() {
        assertThrows(InvalidInputException.class, () -> WorkflowId.of("a".repeat(129)));
        assertEquals(128, WorkflowId.of("a".repeat(128)).value().length());
    }

    @Test
    void missingIdentifierSaysRequired() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EnvironmentName.of(""));
        assertEquals("environment is required (" + EnvironmentName.RULE + ")", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "staging-2", "a"})
    void acceptsEnvironments(String env) {
        assertEquals(env, EnvironmentName.of(env).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prod", "2prod", "prod_eu", "a123456789012345678901234567890123"})
    void rejectsEnvironments(String env) {
        assertThrows(InvalidInputException.class, () -> EnvironmentName.of(env));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.4.2", "v0.0.1", "v2.0.0-rc.1", "v17", "v1"})
    void acceptsVersions(String v) {
        assertEquals(v, VersionId.of(v).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.4.2", "v1.4", "v01.2.3", "v0", "v1.2.3.4", "latest", "v-1", "V1.2.3"})
    void rejectsVersions(String v) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> VersionId.of(v));
        assertTrue(e.getMessage().contains(VersionId.RULE), e.getMessage());
    }

    @Test
    void controlCharactersAreEscapedInMessages() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WorkflowId.of("a\nb"));
        assertTrue(e.getMessage().contains("a\\u000ab"), e.getMessage());
    }

    @Test
    void versionReferences() {
        assertEquals(VersionRef.Kind.PREVIOUS, VersionRef.parse("target_version", "previous").kind());
        assertEquals(VersionRef.Kind.LAST_KNOWN_GOOD, VersionRef.parse("target_version", "last-known-good").kind());
        assertEquals(VersionRef.Kind.LATEST, VersionRef.parse("target_version", "latest").kind());
        assertEquals("v1.2.3", VersionRef.parse("target_version", "v1.2.3").toString());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VersionRef.parse("target_version", "yesterday"));
        assertTrue(e.getMessage().startsWith("target_version \"yesterday\" is invalid"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> VersionRef.parse("target_version", null));

        // A malformed id is reported against the field it came in, not against "version".
        InvalidInputException syntax = assertThrows(InvalidInputException.class,
                () -> VersionRef.parse("target_version", "v1.2.x"));
        assertEquals("target_version", syntax.problems().get(0).field());
        assertTrue(syntax.getMessage().startsWith("target_version \"v1.2.x\" is invalid"), syntax.getMessage());
        InvalidInputException tooLong = assertThrows(InvalidInputException.class,
                () -> VersionRef.parse("target_version", "v1.2.3-" + "a".repeat(70)));
        assertEquals("target_version", tooLong.problems().get(0).field());
    }
}
