package dev.flowback.function.snapshot;

import dev.flowback.core.rollback.RollbackTicket;
import dev.flowback.core.rollback.SnapshotStep;
import dev.flowback.core.rollback.StepInputs.SnapshotInput;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/** Step 1 of the chain: request in, ticket out (see SnapshotStep). */
public final class SnapshotHandler extends StepHandler<SnapshotInput, RollbackTicket> {
    public SnapshotHandler() {
        this(ChainWiring.fromEnvironment(ChainWiring.NO_HEALTH_CHECKS));
    }

    public SnapshotHandler(ChainWiring wiring) {
        super("snapshot", SnapshotInput.class, new SnapshotStep(wiring.ports())::run, SnapshotInput::executionId,
                t -> fields("workflow_id", t.workflowId(), "environment", t.environment(), "from", t.fromVersion(),
                        "to", t.targetVersion(), "lock_token", t.lockToken(), "dry_run", t.dryRun()),
                wiring.log());
    }
}
