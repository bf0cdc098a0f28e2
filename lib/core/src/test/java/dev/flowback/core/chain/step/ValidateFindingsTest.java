package dev.flowback.core.chain.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.payload.ValidationReport;
import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.error.IncompatibleTargetException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validate step and the format's compatibility findings, on a Dify app: a plugin the target lacks can be
 * forced past; a secret the switch would wipe never can, because no snapshot holds a secret's value.
 */
class ValidateFindingsTest {
    private static final WorkflowId WF = WorkflowId.of("support-bot");
    private static final EnvironmentRef REF = new EnvironmentRef(WF, EnvironmentName.of("prod"));
    private static final String STARTED = "2026-11-26T10:00:00Z";

    private InMemoryPorts mem;
    private int executions;

    @BeforeEach
    void v2Live() {
        mem = new InMemoryPorts();
        mem.environments.create(Environment.of(REF, "dify", "1.9.0"),
                mem.clock.instant());
        publish("v1.0.0", Fixtures.bytes("dify/support-bot-v1.yaml"));
        publish("v2.0.0", Fixtures.bytes("dify/support-bot-v2.yaml"));
        // v1 without its canned-reply secret problem, but with v2's secret: only the tavily plugin is missing.
        String withSecret = new String(Fixtures.bytes("dify/support-bot-v2.yaml"), StandardCharsets.UTF_8)
                .replace("langgenius/tavily", "langgenius/tavily-old");
        publish("v2.1.0", withSecret.getBytes(StandardCharsets.UTF_8));

        RollbackTicket ticket = snapshot(request("v2.0.0"));
        mem.validate().run(ticket);
        mem.switchStep().run(ticket, mem.pause().run(ticket));
        mem.environments.releaseLock(REF, ticket.executionId());
    }

    private void publish(String version, byte[] document) {
        mem.registry.publish(PublishRequest.of(WF, VersionId.of(version), document, "test", ""));
    }

    private static JsonObject request(String target) {
        return new JsonObject().with("workflow_id", WF.value()).with("environment", "prod")
                .with("target_version", target);
    }

    private RollbackTicket snapshot(JsonObject request) {
        return mem.snapshot().run(new SnapshotInput(request, "exec-" + ++executions, STARTED));
    }

    @Test
    void aSecretTheSwitchWouldWipeBlocksEvenWithForce() {
        for (boolean force : new boolean[] {false, true}) {
            RollbackTicket ticket = snapshot(request("v1.0.0").with("force", force));
            IncompatibleTargetException e = assertThrows(IncompatibleTargetException.class,
                    () -> mem.validate().run(ticket));
            assertTrue(e.getMessage().contains("secret environment variable SEARCH_API_KEY"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(force does not override this)"), e.getMessage());
            mem.environments.releaseLock(REF, ticket.executionId());
        }
    }

    @Test
    void aSecretIsProtectedEvenWhenTheLiveSnapshotCannotBeRead() {
        // Damage the live v2.0.0's stored bytes: its model is gone, the secret names recorded at publish are not.
        String liveKey = mem.registry.get(WF, VersionId.of("v2.0.0")).snapshotKey();
        byte[] damaged = mem.snapshots.objects.get(liveKey).clone();
        damaged[0] ^= 1;
        mem.snapshots.objects.put(liveKey, damaged);
        assertEquals(java.util.List.of("SEARCH_API_KEY"), mem.registry.get(WF, VersionId.of("v2.0.0")).secretNames());

        RollbackTicket forced = snapshot(request("v1.0.0").with("force", true));
        IncompatibleTargetException e = assertThrows(IncompatibleTargetException.class,
                () -> mem.validate().run(forced));
        assertTrue(e.getMessage().contains("does not declare the secret(s) SEARCH_API_KEY that the live v2.0.0"),
                e.getMessage());
        mem.environments.releaseLock(REF, forced.executionId());

        // A target that declares the secret may move away from the unreadable live version.
        ValidationReport report = mem.validate().run(snapshot(request("v2.1.0").with("force", true)));
        assertTrue(report.overridden().stream().anyMatch(n -> n.contains("could not be read")),
                report.overridden().toString());
    }

    @Test
    void aMissingPluginBlocksUnlessForced() {
        RollbackTicket plain = snapshot(request("v2.1.0"));
        IncompatibleTargetException e = assertThrows(IncompatibleTargetException.class,
                () -> mem.validate().run(plain));
        assertTrue(e.getMessage().contains("plugin langgenius/tavily 0.1.2"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(force overrides)"), e.getMessage());
        mem.environments.releaseLock(REF, plain.executionId());

        RollbackTicket forced = snapshot(request("v2.1.0").with("force", true));
        ValidationReport report = mem.validate().run(forced);
        assertEquals(1, report.overridden().size(), report.overridden().toString());
        assertTrue(report.overridden().get(0).startsWith("forced past: "), report.overridden().toString());
    }
}
