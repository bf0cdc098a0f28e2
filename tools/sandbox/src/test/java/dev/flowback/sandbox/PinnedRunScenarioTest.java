package dev.flowback.sandbox;

import static dev.flowback.sandbox.ChainFixture.executionName;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.engine.gate.Admitted;
import dev.flowback.engine.gate.EngineGate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Run pinning through the real state machine: an instance an embedded engine admitted on v2 keeps reading v2's
 * definition after a forced rollback switched the environment to v1 while it ran, and the next instance starts on v1.
 */
class PinnedRunScenarioTest {
    private static ChainFixture chain;

    @BeforeAll
    static void start() {
        chain = new ChainFixture();
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    private static byte[] bytes(String wf, String version) {
        return chain.runner.registry().read(WorkflowId.of(wf), VersionId.of(version)).bytes();
    }

    @Test
    void aPinnedInstanceKeepsItsDefinitionAcrossASwitchAndTheNextStartsOnTheNewVersion() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        EngineGate engine = chain.engine(wf);
        Admitted pinned = assertInstanceOf(Admitted.class, engine.admit("inst-pinned"));
        assertEquals("v2", pinned.version());

        RollbackRun run = chain.rollback(executionName("pinned"), wf, "v1", "force", true);
        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        assertEquals(VersionId.of("v1"), chain.state(wf).pointer().activeVersion());

        assertEquals("v2", pinned.definition().version(), "read after the switch, still the admitted version");
        assertArrayEquals(bytes(wf, "v2"), pinned.definition().bytes());
        Admitted next = assertInstanceOf(Admitted.class, engine.admit("inst-next"));
        assertEquals("v1", next.version());
        assertArrayEquals(bytes(wf, "v1"), next.definition().bytes());
        pinned.release();
        next.release();
    }
}
