/**
 * Identifiers, checked when parsed and typed from then on: workflow, environment, version, a reference to a
 * version ({@code previous}, {@code last-known-good}...), an environment of a workflow ({@code EnvironmentRef}) and
 * an execution ({@code ExecutionRef}).
 */
package dev.flowback.core.id;
