/**
 * The DynamoDB adapters: version catalog, environment store (pointer, gate and lock in one item), instance
 * leases, rollback journal, version holds, and the alarm trigger's mappings, automation state and decisions, all in
 * one table ({@code FlowbackTable}), every state change a single-item conditional
 * write, every read a GetItem or a bounded Query. Items are mapped by hand ({@code Attributes}), with no reflection on
 * the Lambda path.
 */
package dev.flowback.store.dynamodb;
