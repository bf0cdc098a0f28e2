/**
 * The small flat set of errors Flowback throws, one top-level class per failure so the Lambda error name Step
 * Functions matches has no {@code $}; {@code ErrorCatalog} says, in one place, which are transient (retried) and
 * which are permanent (compensated).
 */
package dev.flowback.core.error;
