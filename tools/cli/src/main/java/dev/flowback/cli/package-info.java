/**
 * The command line ({@code ./flowback}): picocli's command tree ({@link dev.flowback.cli.FlowbackCli}), the exit
 * codes it documents ({@link dev.flowback.cli.Exit}), the failures every command reports as what was wrong and what
 * to do next ({@link dev.flowback.cli.CliFailure}), and what a run reads from its surroundings
 * ({@link dev.flowback.cli.CliSettings}). Subpackages: {@code command} (the commands), {@code api} (finding and
 * calling the API), {@code output} (tables, colour, diff), {@code local} (the local stack's state file),
 * {@code embedded} (the in-memory demo and compare).
 */
package dev.flowback.cli;
