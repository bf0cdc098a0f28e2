/**
 * How the engine gate works, kept out of its public API: the core's admission over the AWS stores, the registry's
 * verified reads, a cache of definitions by SHA-256, and the translation of Flowback's errors into the gate's own.
 * Engines never import this package; an ArchUnit test keeps the public package free of its types and of the core's.
 */
package dev.flowback.engine.gate.internal;
