/**
 * The webhook protocol's conformance kit ({@code ConformanceKit}): the checks an engine team runs against its own
 * implementation (signatures and replay protection, each operation's answer, idempotence, apply's hash check), from a
 * test or from the command line. Flowback's own tests run it against a reference engine.
 */
package dev.flowback.engine.webhook.conformance;
