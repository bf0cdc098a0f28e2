package dev.flowback.core.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.trigger.model.AlarmMapping;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controls a person uses beside the trigger's own: holds placed by hand, and unmapping within one environment. */
class AutomationControlsTest {
    private static final WorkflowId WF = WorkflowId.of("wf-orders");
    private static final EnvironmentRef PROD = new EnvironmentRef(WF, EnvironmentName.of("prod"));
    private static final EnvironmentRef STAGING = new EnvironmentRef(WF, EnvironmentName.of("staging"));

    private InMemoryPorts mem;
    private AutomationControls controls;

    @BeforeEach
    void twoEnvironmentsAndTwoVersions() {
        mem = new InMemoryPorts();
        controls = mem.controls();
        mem.publishVersions(WF, "v1", "v2");
        mem.environments.create(Environment.of(PROD, "flowback-engine", "2.4.1"), mem.clock.instant());
        mem.environments.create(Environment.of(STAGING, "flowback-engine", "2.4.1"), mem.clock.instant());
    }

    @Test
    void aPersonHoldsAVersionOnceAndLiftsIt() {
        VersionHold hold = controls.placeHold(PROD, VersionId.of("v2"), "alice", "breaks refunds");
        assertEquals("alice", hold.placedBy());
        assertEquals(List.of(hold), controls.holds(PROD));
        assertTrue(controls.holds(STAGING).isEmpty(), "a hold is of one environment");
        assertThrows(VersionConflictException.class, () -> controls.placeHold(PROD, VersionId.of("v2"), "bob", ""));
        VersionHold lifted = controls.liftHold(PROD, VersionId.of("v2"), "bob");
        assertFalse(lifted.isActive());
        assertEquals("bob", lifted.liftedBy());
        assertThrows(NotFoundException.class, () -> controls.liftHold(PROD, VersionId.of("v2"), "bob"));
        assertTrue(controls.placeHold(PROD, VersionId.of("v2"), "carol", "again").isActive(), "held again");
    }

    @Test
    void aHoldNeedsTheEnvironmentAndTheVersionAndASensibleReasonAndWritesNothingOtherwise() {
        NotFoundException version = assertThrows(NotFoundException.class,
                () -> controls.placeHold(PROD, VersionId.of("v9"), "alice", ""));
        assertTrue(version.getMessage().contains("v9"), version.getMessage());
        assertThrows(NotFoundException.class, () -> controls.placeHold(new EnvironmentRef(WF,
                EnvironmentName.of("dev")), VersionId.of("v1"), "alice", ""));
        InvalidInputException reason = assertThrows(InvalidInputException.class, () -> controls.placeHold(PROD,
                VersionId.of("v1"), "alice", "x".repeat(AutomationControls.MAX_REASON + 1)));
        assertEquals("reason", reason.problems().get(0).field());
        assertTrue(controls.holds(PROD).isEmpty());
    }

    @Test
    void unmappingWithinAnEnvironmentNeverRemovesAnotherEnvironmentsAlarm() {
        controls.map(AlarmMapping.of("orders-errors", STAGING, mem.clock.instant(), "alice"));
        NotFoundException other = assertThrows(NotFoundException.class, () -> controls.unmap(PROD, "orders-errors"));
        assertTrue(other.getMessage().startsWith("alarm_name \"orders-errors\" is not mapped to"), other.getMessage());
        assertEquals(1, controls.mappings(STAGING).size(), "still mapped");
        controls.unmap(STAGING, "orders-errors");
        assertTrue(controls.mappings(STAGING).isEmpty());
        assertThrows(NotFoundException.class, () -> controls.unmap(STAGING, "orders-errors"));
    }
}
