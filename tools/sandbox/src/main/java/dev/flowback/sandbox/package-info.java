/**
 * Flowback on this machine: the emulators wired as a deployed stack ({@code LocalStorage} for storage alone,
 * {@code LocalStack} for the whole persistent stack with its alarm path, {@code AlarmEventRelay}), the chain's
 * functions in one list ({@code ChainFunction}), the real state machine run against the real handlers
 * ({@code LocalRollbackRunner}) and an engine simulated behind the real gate ({@code SimulatedEngine}). What the
 * CLI, the scenario tests and the benchmarks run on. Never deployed.
 */
package dev.flowback.sandbox;
