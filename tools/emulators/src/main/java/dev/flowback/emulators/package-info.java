/**
 * Real protocol implementations for tests and local runs, started on loopback ports chosen at run time:
 * S3Proxy in-process, dynalite and aws-local-stepfunctions as Node child processes, a local Lambda Invoke endpoint
 * that serves handlers, and asl-validator. Never deployed.
 */
package dev.flowback.emulators;
