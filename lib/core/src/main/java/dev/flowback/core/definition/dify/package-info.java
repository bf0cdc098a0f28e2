/**
 * Dify's app DSL, read exactly as Dify reads it (docs/dify.md). {@link dev.flowback.core.definition.dify.DifyDslFormat}
 * is the format; the rest is how it reads an export: {@code DslSource} takes the YAML out of the file or the export
 * API's envelope; {@code SafeYaml} loads it with every safety limit, resolving scalars by PyYAML's rules
 * ({@code PyYamlResolver}, {@code PyYamlSchema}: Dify loads its DSL with PyYAML, which follows YAML 1.1), and
 * {@code YamlTree} turns it into a JSON tree; {@code DifyApp}, {@code DifyGraph}, {@code DifyVariables} and
 * {@code PluginDependencies} build the model, leaving out what {@code CanvasNoise} lists as editor state;
 * {@code DslVersion} maps the DSL version to the Dify engine range (a missing one is 0.1.0, as Dify's importer
 * takes it). Beside the model, {@code DifyCredentials} points out credentials written in plain text, for
 * publishing to refuse; {@code RollbackFindings} says what a switch between two versions would lose; and
 * {@code DifyBranches} names branches as Dify's canvas does, for diffs.
 */
package dev.flowback.core.definition.dify;
