package dev.flowback.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.EngineAdmission.Admission;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.testing.InMemoryPorts;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An admission reports what its read of the environment showed live, so an engine's cache can follow a switch. */
class EngineAdmissionTest {
    private static final EnvironmentRef REF = EnvironmentRef.of("wf-admit", "prod");
    private static final ContentHash SHA_V1 = new ContentHash("1".repeat(64));
    private static final ContentHash SHA_V2 = new ContentHash("2".repeat(64));

    private final InMemoryPorts mem = new InMemoryPorts();
    private final EngineAdmission admission = new EngineAdmission(mem.environments, mem.leases, mem.clock,
            Duration.ofMinutes(5));

    private void switchTo(String exec, String expected, String target, ContentHash sha) {
        Instant now = mem.clock.instant();
        long token = mem.environments.acquireLock(REF, exec, now, now.plusSeconds(600)).token();
        mem.environments.switchPointer(new PointerSwitch(REF, exec, token, exec,
                expected == null ? null : VersionId.of(expected), VersionId.of(target), sha, now,
                now.plusSeconds(600)));
        mem.environments.releaseLock(REF, exec);
    }

    @Test
    void anAdmissionCarriesTheActiveVersionHashAndRevisionItRead() {
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1"), mem.clock.instant());
        Admission nothingLive = admission.admit(REF, "inst-0");
        assertFalse(nothingLive.admitted(), "nothing is live: there is no definition to start an instance on");
        assertTrue(nothingLive.retryable(), "the first rollout changes that: worth asking again");
        assertTrue(nothingLive.refusal().contains("nothing is live"), nothingLive.refusal());
        assertNull(nothingLive.activeVersion());
        assertEquals(0, nothingLive.revision());
        assertEquals(0, mem.leases.countActive(REF, mem.clock.instant()), "the refused instance's lease is withdrawn");

        switchTo("exec-1", null, "v1", SHA_V1);
        switchTo("exec-2", "v1", "v2", SHA_V2);
        switchTo("exec-3", "v2", "v1", SHA_V1);
        Admission after = admission.admit(REF, "inst-1");
        assertEquals(VersionId.of("v1"), after.activeVersion());
        assertEquals(SHA_V1, after.activeSha256());
        assertEquals(3, after.revision());
    }

    @Test
    void aRefusedAdmissionStillSaysWhatIsLive() {
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1"), mem.clock.instant());
        switchTo("exec-1", null, "v1", SHA_V1);
        Instant now = mem.clock.instant();
        long token = mem.environments.acquireLock(REF, "exec-drain", now, now.plusSeconds(600)).token();
        mem.environments.closeGate(REF, "exec-drain", token, now, now.plusSeconds(600));

        Admission refused = admission.admit(REF, "inst-2");
        assertFalse(refused.admitted());
        assertEquals(VersionId.of("v1"), refused.activeVersion());
        assertEquals(1, refused.revision());

        Admission unknown = admission.admit(EnvironmentRef.of("wf-nowhere", "prod"), "inst-3");
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
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1"), mem.clock.instant());
        int[] countedByPause = {-1};
        InstanceLeases pauseRightAfterTheLeaseWrite = new InstanceLeases() {
            @Override
            public void put(EnvironmentRef ref, String id, Instant admittedAt, Instant expiresAt) {
                mem.leases.put(ref, id, admittedAt, expiresAt);
                if (countedByPause[0] < 0) {
                    Instant now = mem.clock.instant();
                    long token = mem.environments.acquireLock(REF, "exec-pause", now, now.plusSeconds(600))
                            .token();
                    mem.environments.closeGate(REF, "exec-pause", token, now, now.plusSeconds(600));
                    countedByPause[0] = mem.leases.countActive(REF, now);
                }
            }

            @Override
            public void remove(EnvironmentRef ref, String id) {
                mem.leases.remove(ref, id);
            }

            @Override
            public int countActive(EnvironmentRef ref, Instant now) {
                return mem.leases.countActive(ref, now);
            }

            @Override
            public int countActiveClearingExpired(EnvironmentRef ref, Instant now) {
                return mem.leases.countActiveClearingExpired(ref, now);
            }
        };
        EngineAdmission racing = new EngineAdmission(mem.environments, pauseRightAfterTheLeaseWrite, mem.clock,
                Duration.ofMinutes(5));

        Admission result = racing.admit(REF, "inst-racing");

        assertEquals(1, countedByPause[0], "the pause saw the lease written before it closed the gate");
        assertFalse(result.admitted(), "the gate was closed when admit read it");
        assertEquals(0, mem.leases.countActive(REF, mem.clock.instant()), "the refused lease is withdrawn");
    }
}
