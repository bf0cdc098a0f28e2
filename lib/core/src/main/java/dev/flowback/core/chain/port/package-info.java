/**
 * The chain's outgoing ports, each a narrow interface a step takes only if it uses it: the environment item
 * (pointer, gate and lock, changed by conditional single-item writes), engine instance leases, the rollback journal
 * and audit trail, the health probe, and the engine that runs the workflow ({@code EngineControl}: close and reopen
 * admission, count in-flight runs, apply a version, report what runs). Adapters: DynamoDB
 * ({@code lib/store-dynamodb}), health probes ({@code lib/health}), engines ({@code EmbeddedGateEngine} in the core,
 * {@code lib/engine-dify}, {@code lib/engine-webhook}, chosen by the environment's binding in {@code lib/engines});
 * in memory for the core's tests, held to the same contract suites.
 */
package dev.flowback.core.chain.port;
