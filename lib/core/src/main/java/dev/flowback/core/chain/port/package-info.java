/**
 * The chain's outgoing ports, each a narrow interface a step takes only if it uses it: the environment item
 * (pointer, gate and lock, changed by conditional single-item writes), engine instance leases, the rollback journal
 * and audit trail, and the health probe. Adapters: DynamoDB ({@code lib/store-dynamodb}), health probes
 * ({@code lib/health}); in memory for the core's tests, held to the same contract suite.
 */
package dev.flowback.core.chain.port;
