/**
 * Dify's app DSL (YAML exports and the export API's envelope, DSL 0.1.x to 0.6.x) as a definition format: read
 * safely, normalized without canvas noise, with Dify's own rules (secrets never in a snapshot, plugin dependencies,
 * compatibility findings for a rollback).
 */
package dev.flowback.core.definition.dify;
