/**
 * What changed between two versions, computed on the normalized models ({@code DiffCalculator}) and written for
 * people or programs ({@code DiffText}).
 */
package dev.flowback.core.diff;
