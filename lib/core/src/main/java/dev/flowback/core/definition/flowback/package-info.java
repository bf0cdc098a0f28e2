/**
 * Flowback's own JSON definition format: schemaVersion, engine requirement, nodes, edges, resources and env,
 * every rule checked at once with its field.
 */
package dev.flowback.core.definition.flowback;
