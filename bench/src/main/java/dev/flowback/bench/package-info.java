/**
 * Benchmark harnesses run with {@code bench/run}: figures come from here, never from timed assertions in tests.
 */
package dev.flowback.bench;
