/**
 * The pause function (step 3 of the chain): close the environment's admission gate and count what is in flight
 * ({@code PauseHandler}), re-count in the drain loop until drained or past the drain timeout
 * ({@code CheckDrainHandler}), and the compensation every caught failure ends in ({@code CompensateHandler}), which
 * lives here because undoing the pause is most of what it does. Each handler is a thin adapter over one core step.
 */
package dev.flowback.function.pause;
