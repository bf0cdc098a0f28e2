/**
 * What every Lambda handler of the chain shares: configuration parsed once from the environment
 * ({@code FunctionConfig}), the stores and lock lease built once per container ({@code FunctionWiring}), the one
 * JSON mapper where the core's typed step payloads meet JSON ({@code PayloadJson}, {@code PayloadModule}), and the
 * read-call-write-log frame each handler is ({@code StepHandler}, {@code StepLog}).
 */
package dev.flowback.function.runtime;
