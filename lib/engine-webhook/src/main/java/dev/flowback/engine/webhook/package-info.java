/**
 * The engine port for any engine that implements Flowback's small webhook protocol ({@code WebhookEngine}): signed
 * JSON over HTTPS, five operations (close, count, apply, open, status), HMAC-SHA256 over timestamp, nonce, method,
 * path and body ({@code WebhookSignature}, usable by Java engines for the receiving side too). The conformance kit an
 * engine team runs against its own implementation is in {@code conformance}.
 */
package dev.flowback.engine.webhook;
