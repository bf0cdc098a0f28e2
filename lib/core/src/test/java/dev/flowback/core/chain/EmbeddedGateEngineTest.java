package dev.flowback.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineControl.RunningVersion;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.core.testing.InMemoryPorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The embedded gate as an engine port: the engines read the gate and pointer the chain writes, so the adapter counts
 * leases, reports the pointer, and refuses to pretend when the chain's writes are not in place.
 */
class EmbeddedGateEngineTest {
    private static final EnvironmentRef REF = EnvironmentRef.of("wf-embedded", "prod");
    private static final EngineCall CALL = new EngineCall(REF, EngineBinding.EMBEDDED_GATE, "exec-1");

    private final InMemoryPorts mem = new InMemoryPorts();
    private final EmbeddedGateEngine engine = new EmbeddedGateEngine(mem.environments, mem.leases, mem.clock);
    private final EngineAdmission admission = new EngineAdmission(mem.environments, mem.leases, mem.clock,
            Duration.ofMinutes(5));

    private VerifiedDefinition publish(String version) {
        String json = "{\"schemaVersion\": \"1.0\", \"name\": \"t\", \"engine\": {\"name\": \"flowback-engine\","
                + " \"version\": \"^2.1.0\"}, \"nodes\": [{\"id\": \"start\", \"type\": \"start\"},"
                + " {\"id\": \"llm\", \"type\": \"llm\", \"params\": {\"prompt\": \"" + version + "\"}}],"
                + " \"edges\": [{\"from\": \"start\", \"to\": \"llm\"}]}";
        mem.registry.publish(PublishRequest.of(REF.workflow(), VersionId.of(version),
                json.getBytes(StandardCharsets.UTF_8), "test", ""));
        return mem.registry.read(REF.workflow(), VersionId.of(version));
    }

    @Test
    void closingConfirmsTheGateItemIsClosedByThisExecutionAndCountsItsLeases() {
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1"), mem.clock.instant());
        Instant now = mem.clock.instant();
        VerifiedDefinition v1 = publish("v1");
        long first = mem.environments.acquireLock(REF, "exec-0", now, now.plusSeconds(600)).token();
        mem.environments.switchPointer(new PointerSwitch(REF, "exec-0", first, "exec-0", null, VersionId.of("v1"),
                v1.version().sha256(), now, now.plusSeconds(600)));
        mem.environments.releaseLock(REF, "exec-0");
        assertTrue(admission.admit(REF, "inst-1").admitted());
        long token = mem.environments.acquireLock(REF, "exec-1", now, now.plusSeconds(600)).token();
        assertThrows(LockLostException.class, () -> engine.closeAdmission(CALL), "the gate item is still open");

        mem.environments.closeGate(REF, "exec-1", token, now, now.plusSeconds(600));
        engine.closeAdmission(CALL);
        assertThrows(LockLostException.class, () -> engine.closeAdmission(new EngineCall(REF,
                EngineBinding.EMBEDDED_GATE, "exec-other")), "closed, but by someone else");
        assertFalse(admission.admit(REF, "inst-2").admitted(), "what the port confirmed: engines are held back");
        assertEquals(1, engine.countInFlight(CALL));
        mem.clock.advance(Duration.ofMinutes(6));
        assertEquals(0, engine.countInFlight(CALL), "an expired lease is not in flight");

        assertThrows(EngineRefusedException.class, () -> engine.openAdmission(CALL), "the item is still closed");
        mem.environments.reopenGate(REF, "exec-1");
        engine.openAdmission(CALL);
        assertTrue(admission.admit(REF, "inst-3").admitted());
    }

    @Test
    void applyingConfirmsThePointerNamesTheTargetAndRunningReportsThePointer() {
        VerifiedDefinition v1 = publish("v1");
        VerifiedDefinition v2 = publish("v2");
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1"), mem.clock.instant());
        RunningVersion nothing = engine.running(CALL);
        assertNull(nothing.version());
        assertTrue(nothing.description().contains("nothing is live"), nothing.description());

        Instant now = mem.clock.instant();
        long token = mem.environments.acquireLock(REF, "exec-1", now, now.plusSeconds(600)).token();
        mem.environments.switchPointer(new PointerSwitch(REF, "exec-1", token, "exec-1", null,
                v1.version().versionId(), v1.version().sha256(), now, now.plusSeconds(600)));
        RunningVersion applied = engine.apply(CALL, v1);
        assertEquals(VersionId.of("v1"), applied.version());
        assertEquals(v1.version().sha256(), applied.sha256());
        assertTrue(applied.matches(mem.environments.get(REF).pointer()));

        EngineRefusedException e = assertThrows(EngineRefusedException.class, () -> engine.apply(CALL, v2));
        assertTrue(e.getMessage().contains("names v1"), e.getMessage());
        assertEquals(VersionId.of("v1"), engine.running(CALL).version());
    }
}
