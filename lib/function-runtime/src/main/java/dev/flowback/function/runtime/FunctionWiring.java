package dev.flowback.function.runtime;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.step.LockLease;
import dev.flowback.engines.EngineAdapters;
import dev.flowback.stores.FlowbackStores;
import java.time.Clock;

/**
 * What a chain handler is built from, once per container: the stores, the engine adapters (each call routed by the
 * environment's binding: the embedded gate, Dify, the webhook protocol), the lock lease and clock, and where its log
 * lines go. Each handler takes from it only the ports its step uses; the health probe, which only the check-health
 * handler needs, is not part of it.
 */
public record FunctionWiring(FlowbackStores stores, EngineAdapters engines, LockLease lease, StepLog log) {

    /** What a no-argument handler constructor uses in Lambda. */
    public static FunctionWiring fromEnvironment() {
        return of(AwsSettings.fromEnvironment(), FunctionConfig.fromEnvironment(), Clock.systemUTC(),
                StepLog.standardOutput());
    }

    public static FunctionWiring of(AwsSettings settings, FunctionConfig config, Clock clock, StepLog log) {
        FlowbackStores stores = FlowbackStores.onAws(settings, config.table(), config.bucket(), clock);
        return new FunctionWiring(stores, EngineAdapters.onAws(settings, stores.environments(), stores.leases(),
                clock), new LockLease(clock, config.lockLease()), log);
    }

    public Clock clock() {
        return lease.clock();
    }
}
