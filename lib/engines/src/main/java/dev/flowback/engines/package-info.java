/**
 * Every engine adapter wired in one place ({@code EngineAdapters}), as {@code lib/stores} wires the stores: the
 * embedded gate (the core's {@code EmbeddedGateEngine}), Dify ({@code lib/engine-dify}) and the webhook protocol
 * ({@code lib/engine-webhook}), each call routed by the environment's engine binding.
 */
package dev.flowback.engines;
