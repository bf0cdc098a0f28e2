/**
 * How the CLI and the persistent local stack find each other: the state file the stack writes when it is up
 * ({@link dev.flowback.cli.local.LocalEndpoints}), read by {@code --local}.
 */
package dev.flowback.cli.local;
