package dev.flowback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.chain.port.RollbackExecutions.StartedRollback;
import dev.flowback.core.error.VersionConflictException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rules every implementation of {@link RollbackExecutions} keeps: the in-memory one the core's tests use and the
 * Step Functions adapter (on the local Step Functions API and on moto). One name is one rollback: the same name and
 * request answer the first start again, another request under that name is refused.
 */
public abstract class RollbackExecutionsContract {
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected abstract RollbackExecutions executions();

    /** A name no other test of this run used, e.g. for an alarm's rollback. */
    protected static String freshName(String what) {
        return what + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
    }

    protected static RollbackRequest request(String target, String reason) {
        return RollbackRequest.parse(new JsonObject().with("workflow_id", "wf-abc123").with("environment", "prod")
                .with("target_version", target).with("reason", reason).with("requested_by", "contract")
                .with("trigger", "alarm"));
    }

    @Test
    void aNewNameStartsAnExecutionNamedForIt() {
        String name = freshName("new");

        StartedRollback started = executions().start(name, request("last-known-good", "error rate up"));

        assertFalse(started.alreadyStarted());
        assertTrue(started.executionArn().endsWith(":" + name), started.executionArn());
        assertTrue(started.startedAt() != null);
    }

    @Test
    void theSameNameAndRequestIsTheExecutionAlreadyStarted() {
        String name = freshName("again");
        StartedRollback first = executions().start(name, request("v1.4.2", "redelivered alarm"));

        StartedRollback again = executions().start(name, request("v1.4.2", "redelivered alarm"));

        assertTrue(again.alreadyStarted());
        assertEquals(first.executionArn(), again.executionArn());
        assertEquals(first.startedAt(), again.startedAt());
    }

    @Test
    void theSameNameWithAnotherRequestIsRefusedNamingTheExecution() {
        String name = freshName("other");
        executions().start(name, request("v1.4.2", "first"));

        VersionConflictException refused = assertThrows(VersionConflictException.class,
                () -> executions().start(name, request("previous", "second")));

        assertTrue(refused.getMessage().contains(name), refused.getMessage());
    }

    @Test
    void differentNamesAreDifferentExecutions() {
        StartedRollback one = executions().start(freshName("one"), request("previous", "same request"));
        StartedRollback two = executions().start(freshName("two"), request("previous", "same request"));

        assertFalse(two.alreadyStarted());
        assertNotEquals(one.executionArn(), two.executionArn());
    }
}
