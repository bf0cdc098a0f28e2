/**
 * The alarm trigger's outgoing ports, each narrow: alarm mappings, the per-environment automation state, the decision
 * record and announcements. It also uses the chain's ports it needs (the environment item, the rollback journal, the
 * holds, starting executions); adapters: DynamoDB ({@code lib/store-dynamodb}), EventBridge and Step Functions at the
 * function's edge; in memory for the core's tests, held to the same contract suite.
 */
package dev.flowback.core.trigger.port;
