/**
 * The CLI's commands, one class per command group, in the API's own words: versions, env, rollback (and --wait's
 * step-by-step progress), status, alarms, holds; and the commands on the embedded stack (demo, compare), kept apart
 * so the persistent local stack's commands can replace them.
 */
package dev.flowback.cli.command;
