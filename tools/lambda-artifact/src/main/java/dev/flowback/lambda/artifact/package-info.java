/**
 * Build tooling: turns a function module's classes and runtime jars into the artifact sam deploys, with the AWS SDK
 * shrunk by ProGuard (shrinking only) to what the function's code reaches, so each function ships only what it uses.
 */
package dev.flowback.lambda.artifact;
