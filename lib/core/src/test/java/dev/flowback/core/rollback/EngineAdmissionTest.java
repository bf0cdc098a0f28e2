package dev.flowback.core.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.rollback.EngineAdmission.Admission;
import dev.flowback.core.rollback.EnvironmentStore.PointerSwitch;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An admission reports what its read of the environment showed live, so an engine's cache can follow a switch. */
class EngineAdmissionTest {
    private static final WorkflowId WF = WorkflowId.of("wf-admit");
    private static final EnvironmentName PROD = EnvironmentName.of("prod");
    private static final String SHA_V1 = "1".repeat(64);
    private static final String SHA_V2 = "2".repeat(64);

    private final InMemoryPorts mem = new InMemoryPorts();
    private final EngineAdmission admission = new EngineAdmission(mem.environments, mem.leases, mem.clock,
            Duration.ofMinutes(5));

    private void switchTo(String exec, String expected, String target, String sha) {
        Instant now = mem.clock.instant();
        long token = mem.environments.acquireLock(WF, PROD, exec, now, now.plusSeconds(600)).token();
        mem.environments.switchPointer(new PointerSwitch(WF, PROD, exec, token, exec,
                expected == null ? null : VersionId.of(expected), VersionId.of(target), sha, now,
                now.plusSeconds(600)));
        mem.environments.releaseLock(WF, PROD, exec);
    }

    @Test
    void anAdmissionCarriesTheActiveVersionHashAndRevisionItRead() {
        mem.environments.create(new Environment(WF, PROD, "flowback-engine", "2.4.1", null), mem.clock.instant());
        Admission nothingLive = admission.admit(WF, PROD, "inst-0");
        assertTrue(nothingLive.admitted());
        assertNull(nothingLive.activeVersion());
        assertEquals(0, nothingLive.revision());

        switchTo("exec-1", null, "v1", SHA_V1);
        switchTo("exec-2", "v1", "v2", SHA_V2);
        switchTo("exec-3", "v2", "v1", SHA_V1);
        Admission after = admission.admit(WF, PROD, "inst-1");
        assertEquals("v1", after.activeVersion());
        assertEquals(SHA_V1, after.activeSha256());
        assertEquals(3, after.revision());
    }

    @Test
    void aRefusedAdmissionStillSaysWhatIsLive() {
        mem.environments.create(new Environment(WF, PROD, "flowback-engine", "2.4.1", null), mem.clock.instant());
        switchTo("exec-1", null, "v1", SHA_V1);
        Instant now = mem.clock.instant();
        long token = mem.environments.acquireLock(WF, PROD, "exec-drain", now, now.plusSeconds(600)).token();
        mem.environments.closeGate(WF, PROD, "exec-drain", token, now, now.plusSeconds(600));

        Admission refused = admission.admit(WF, PROD, "inst-2");
        assertFalse(refused.admitted());
        assertEquals("v1", refused.activeVersion());
        assertEquals(1, refused.revision());

        Admission unknown = admission.admit(WorkflowId.of("wf-nowhere"), PROD, "inst-3");
        assertFalse(unknown.admitted());
        assertNull(unknown.activeVersion());
        assertEquals(0, unknown.revision());
    }

    /**
     * The drain is complete without a transaction only because admit writes the lease before it reads the gate.
     * A pause that lands between the two must both count the new lease and make the admission fail; an admit
     * that read the gate first would be admitted after the gate closed, uncounted.
     */
    @Test
    void aPauseLandingBetweenLeaseWriteAndGateReadCountsTheInstanceAndRefusesIt() {
        mem.environments.create(new Environment(WF, PROD, "flowback-engine", "2.4.1", null), mem.clock.instant());
        int[] countedByPause = {-1};
        InstanceLeases pauseRightAfterTheLeaseWrite = new InstanceLeases() {
            @Override
            public void put(WorkflowId w, EnvironmentName e, String id, Instant admittedAt, Instant expiresAt) {
                mem.leases.put(w, e, id, admittedAt, expiresAt);
                if (countedByPause[0] < 0) {
                    Instant now = mem.clock.instant();
                    long token = mem.environments.acquireLock(WF, PROD, "exec-pause", now, now.plusSeconds(600))
                            .token();
                    mem.environments.closeGate(WF, PROD, "exec-pause", token, now, now.plusSeconds(600));
                    countedByPause[0] = mem.leases.countActive(WF, PROD, now);
                }
            }

            @Override
            public void remove(WorkflowId w, EnvironmentName e, String id) {
                mem.leases.remove(w, e, id);
            }

            @Override
            public int countActive(WorkflowId w, EnvironmentName e, Instant now) {
                return mem.leases.countActive(w, e, now);
            }
        };
        EngineAdmission racing = new EngineAdmission(mem.environments, pauseRightAfterTheLeaseWrite, mem.clock,
                Duration.ofMinutes(5));

        Admission result = racing.admit(WF, PROD, "inst-racing");

        assertEquals(1, countedByPause[0], "the pause saw the lease written before it closed the gate");
        assertFalse(result.admitted(), "the gate was closed when admit read it");
        assertEquals(0, mem.leases.countActive(WF, PROD, mem.clock.instant()), "the refused lease is withdrawn");
    }
}
