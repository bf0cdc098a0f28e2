/**
 * Talking to the Flowback API: finding it (a URL, a stack's CloudFormation output, the local stack's state file or
 * the profile's default), calling it SigV4-signed with the SDK's signer and the standard credential and region
 * chains, and turning its refusals into failures that say what was wrong and what to do next.
 */
package dev.flowback.cli.api;
