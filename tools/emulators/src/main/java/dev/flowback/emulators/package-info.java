/**
 * Real protocol implementations for tests and local runs, started on loopback ports chosen at run time:
 * S3Proxy in-process, dynalite and aws-local-stepfunctions as Node child processes, a local Lambda Invoke endpoint
 * that serves handlers, and asl-validator; and, where no implementation runs here, a stand-in built from the real
 * service's sources: Dify's console API ({@code DifyStandIn}, a Python child process). Never deployed.
 */
package dev.flowback.emulators;
