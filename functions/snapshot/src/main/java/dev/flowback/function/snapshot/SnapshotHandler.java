package dev.flowback.function.snapshot;

import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.step.SnapshotStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;

/** Step 1 of the chain, "snapshot": request in, ticket out (see SnapshotStep). */
public final class SnapshotHandler extends StepHandler<SnapshotInput, RollbackTicket> {
    public SnapshotHandler() {
        this(FunctionWiring.fromEnvironment());
        primeForSnapStart((w, s) -> new SnapshotHandler(w));
    }

    public SnapshotHandler(FunctionWiring wiring) {
        super("snapshot", SnapshotInput.class, new SnapshotStep(wiring.stores().registry(),
                        wiring.stores().environments(), wiring.stores().journal(), wiring.lease())::run,
                SnapshotInput::executionId,
                t -> fields("workflow_id", t.workflowId(), "environment", t.environment(), "from", t.fromVersion(),
                        "to", t.targetVersion(), "lock_token", t.lockToken(), "dry_run", t.dryRun()),
                wiring.log());
    }
}
