/**
 * What changed between two versions, computed on their normalized models and never on their bytes:
 * {@link dev.flowback.core.diff.DiffCalculator} produces a {@link dev.flowback.core.diff.DefinitionDiff} (nodes,
 * edges with their branch named as the editor shows it, resources, settings, as JSON Pointer paths), and
 * {@link dev.flowback.core.diff.DiffText} renders it for people (multi-line text as a unified diff, a long line as
 * a window around its first difference) and for programs (JSON, always whole).
 */
package dev.flowback.core.diff;
