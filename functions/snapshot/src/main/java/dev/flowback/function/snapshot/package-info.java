/**
 * The snapshot function (step 1 of the chain): checks the execution's input, records what is live, takes the
 * environment's rollback lock and resolves the target, answering the ticket every later step works on. A thin
 * adapter over {@code dev.flowback.core.chain.step.SnapshotStep}.
 */
package dev.flowback.function.snapshot;
