package dev.flowback.core.chain.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.ValidationReport;
import dev.flowback.core.error.TargetRefusedException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.testing.InMemoryPorts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validate refuses a held target unless forced, so a deploy without force never re-applies a held version. */
class HeldTargetTest {
    private static final WorkflowId WF = WorkflowId.of("wf-held");
    private static final EnvironmentRef REF = new EnvironmentRef(WF, EnvironmentName.of("prod"));
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private InMemoryPorts mem;

    @BeforeEach
    void twoVersions() {
        mem = new InMemoryPorts();
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1"), T0);
        for (String v : new String[] {"v1", "v2"}) {
            String json = "{\"schemaVersion\": \"1.0\", \"name\": \"t\", \"engine\": {\"name\": \"flowback-engine\","
                    + " \"version\": \"^2.1.0\"}, \"nodes\": [{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"x\","
                    + " \"type\": \"llm\", \"params\": {\"p\": \"" + v + "\"}}], \"edges\": [{\"from\": \"start\","
                    + " \"to\": \"x\"}]}";
            mem.registry.publish(PublishRequest.of(WF, VersionId.of(v), json.getBytes(StandardCharsets.UTF_8), "t",
                    ""));
        }
    }

    /** A ticket as the snapshot step issues it, with the record it opens (validate follows the snapshot). */
    private RollbackTicket ticketTo(String target, boolean force, boolean dryRun) {
        VersionId to = VersionId.of(target);
        RollbackTicket ticket = new RollbackTicket("exec-1", T0, WF, REF.environment(), VersionId.of("v1"),
                mem.registry.get(WF, VersionId.of("v1")).sha256(), 1, to, mem.registry.get(WF, to).sha256(),
                VersionRef.of(to), 1, force, dryRun, "redeploy", "alice", RollbackTrigger.MANUAL, false);
        mem.journal.open(new RollbackRecord(ticket.executionId(), REF, RollbackStatus.IN_PROGRESS,
                RollbackPhase.SNAPSHOT, ticket.fromVersion(), ticket.fromSha256(), to, ticket.targetSha256(),
                ticket.requestedTarget(), ticket.reason(), ticket.trigger(), ticket.requestedBy(), force, T0, null, 1,
                null, null, null, null));
        return ticket;
    }

    @Test
    void aHeldTargetIsRefusedNamingTheHoldAndWhoPlacedIt() {
        mem.holds.place(VersionHold.placed(REF, VersionId.of("v2"), "alarm-latency-abc", T0, "alarm latency"));
        TargetRefusedException e = assertThrows(TargetRefusedException.class,
                () -> mem.validate().run(ticketTo("v2", false, false)));
        assertEquals("target_version v2 is held in wf-held/prod since 2026-11-26T10:00:00Z by the automatic rollback"
                + " alarm-latency-abc (alarm latency); a person lifts the hold, or force overrides", e.getMessage());
        assertThrows(TargetRefusedException.class, () -> mem.validate().run(ticketTo("v2", false, true)),
                "a dry run says so too");
    }

    @Test
    void forceOverridesAHoldAndSaysSo() {
        mem.holds.place(VersionHold.placed(REF, VersionId.of("v2"), "alarm-latency-abc", T0, ""));
        ValidationReport report = mem.validate().run(ticketTo("v2", true, false));
        assertTrue(report.overridden().get(0).startsWith("forced past: target_version v2 is held"),
                report.overridden().toString());
    }

    @Test
    void aLiftedHoldOrAHoldOnAnotherVersionRefusesNothing() {
        mem.holds.place(VersionHold.placed(REF, VersionId.of("v2"), "alarm-latency-abc", T0, ""));
        mem.holds.place(VersionHold.placed(new EnvironmentRef(WF, EnvironmentName.of("staging")), VersionId.of("v2"),
                "alarm-other", T0, ""));
        mem.holds.lift(REF, VersionId.of("v2"), "alice", T0.plusSeconds(60));
        assertTrue(mem.validate().run(ticketTo("v2", false, false)).overridden().isEmpty());
    }
}
