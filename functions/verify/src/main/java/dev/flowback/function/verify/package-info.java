/**
 * The verify function (step 5 of the chain): one health check per turn of the verification window's loop
 * ({@code CheckHealthHandler}, the only handler with a health probe), the verdict applied once
 * ({@code VerifyHandler}), and the end of a policy-REVERT switch back ({@code FinishRevertHandler}).
 */
package dev.flowback.function.verify;
