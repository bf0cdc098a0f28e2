/**
 * The client a workflow engine embeds to run one environment under Flowback: the active definition (cached,
 * re-hashed, following a switch at the next admission), admission through the gate with an instance lease, and the
 * release that lets a drain finish. Built over the core's {@code EngineAdmission} and the AWS stores.
 */
package dev.flowback.engine.gate;
