/**
 * The records that travel between the state machine's steps: each step's input and output, with typed ids,
 * hashes and instants. The JSON mapping of these records lives at the handler edge
 * ({@code dev.flowback.function.runtime.PayloadJson}), not here: they carry no serialization annotations.
 */
package dev.flowback.core.chain.payload;
