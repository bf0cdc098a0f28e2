/**
 * The rollback chain: what moves an environment from one version to another. The state machine's steps are in
 * {@code step}, the outgoing ports they use in {@code port}, the environment and rollback model in {@code model},
 * the health rules in {@code health} and the records that travel between steps in {@code payload}. This package
 * holds the use cases outside the state machine, managing environments ({@code Environments}) and admitting
 * engine instances through the gate ({@code EngineAdmission}), and the engine port's adapter for engines that embed
 * the gate ({@code EmbeddedGateEngine}): the Flowback side of the same gate, so it needs only the core's own ports.
 */
package dev.flowback.core.chain;
