/**
 * Flowback on this machine: the emulators wired as a deployed stack ({@code LocalStorage}), the chain's
 * functions in one list ({@code ChainFunction}) and the real state machine run against the real handlers
 * ({@code LocalRollbackRunner}). What the CLI, the scenario tests and the benchmarks run on. Never deployed.
 */
package dev.flowback.sandbox;
