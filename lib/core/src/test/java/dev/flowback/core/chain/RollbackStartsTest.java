package dev.flowback.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.RollbackStarts.Started;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.StartLedger.StartEntry;
import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.testing.InMemoryPorts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starting rollbacks: checks before any write, and an idempotency key that makes every repeat one execution. */
class RollbackStartsTest {
    private static final EnvironmentRef PROD = EnvironmentRef.of("wf-starts", "prod");
    private InMemoryPorts ports;
    private RollbackStarts starts;

    @BeforeEach
    void setUp() {
        ports = new InMemoryPorts();
        starts = ports.rollbackStarts();
        ports.environments.create(Environment.of(PROD, "flowback-engine", "2.4.1"), ports.clock.instant());
        ports.registry.publish(PublishRequest.of(PROD.workflow(), VersionId.of("v1.0.0"),
                Fixtures.bytes("definitions/triage-v1.json"), "alice", ""));
    }

    private static RollbackRequest request(String target, String reason) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("workflow_id", PROD.workflow().value());
        input.put("environment", PROD.environment().value());
        input.put("target_version", target);
        input.put("reason", reason);
        input.put("requested_by", "arn:aws:iam::123456789012:user/alice");
        input.put("trigger", "api");
        return RollbackRequest.parse(input);
    }

    @Test
    void aRetryWithTheSameKeyAnswersTheFirstStartAndStartsNothing() {
        Started first = starts.start(request("v1.0.0", "bad deploy"), "key-1");
        ports.clock.advance(Duration.ofMinutes(5));
        Started retry = starts.start(request("v1.0.0", "bad deploy"), "key-1");
        assertFalse(first.replayed());
        assertTrue(retry.replayed());
        assertEquals(first.entry(), retry.entry());
        assertEquals(1, ports.executions.started.size());
        Started other = starts.start(request("v1.0.0", "bad deploy"), "key-2");
        assertEquals(2, ports.executions.started.size(), "another key is another rollback");
        assertFalse(other.entry().rollbackId().equals(first.entry().rollbackId()));
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefused() {
        starts.start(request("v1.0.0", "bad deploy"), "key-1");
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> starts.start(request("v1.0.0", "another reason"), "key-1"));
        assertEquals("idempotency.key_reused", refused.problems().get(0).rule());
        assertEquals("Idempotency-Key", refused.problems().get(0).field());
        assertEquals(1, ports.executions.started.size());
    }

    @Test
    void aClaimWhoseStartWasLostIsCompletedUnderTheSameNameSoOneExecutionRuns() {
        Started first = starts.start(request("v1.0.0", "r"), "key-lost");
        String id = first.entry().rollbackId();
        // As if the first request died between its claim and recording its execution.
        StartEntry claimed = first.entry();
        ports.starts.entries.replaceAll((k, e) -> e.rollbackId().equals(id) ? new StartEntry(claimed.environment(),
                id, claimed.fingerprint(), claimed.target(), claimed.reason(), claimed.force(), claimed.requestedBy(),
                claimed.requestedAt(), null, null) : e);
        Started retry = starts.start(request("v1.0.0", "r"), "key-lost");
        assertTrue(retry.replayed());
        assertEquals(first.entry().executionArn(), retry.entry().executionArn());
        assertEquals(1, ports.executions.started.size(), "StartExecution's name rule: the same execution");
    }

    @Test
    void whatTheSnapshotWouldRefuseIsRefusedBeforeAnythingIsWritten() {
        NotFoundException target = assertThrows(NotFoundException.class,
                () -> starts.start(request("v9.0.0", ""), "k"));
        assertTrue(target.getMessage().startsWith("target_version"), target.getMessage());
        NotFoundException environment = assertThrows(NotFoundException.class, () -> starts.start(
                RollbackRequest.parse(Map.of("workflow_id", PROD.workflow().value(), "environment", "staging",
                        "target_version", "v1.0.0")), null));
        assertTrue(environment.getMessage().startsWith("environment"), environment.getMessage());
        ports.environments.acquireLock(PROD, "arn:other", ports.clock.instant(),
                ports.clock.instant().plus(Duration.ofMinutes(15)));
        assertThrows(RollbackInProgressException.class, () -> starts.start(request("v1.0.0", ""), null));
        assertTrue(ports.starts.entries.isEmpty(), "nothing claimed");
        assertTrue(ports.executions.started.isEmpty(), "nothing started");
        assertEquals(VersionRef.Kind.EXPLICIT, request("v1.0.0", "").target().kind());
    }
}
