/**
 * The engine port over a Dify app ({@code DifyEngine}), driven through Dify's console API as a console user whose
 * email and password come from AWS Secrets Manager: close and reopen the app's service API and web app, count its
 * running runs, import the target DSL into the app (confirming a pending import) and publish it marked with the
 * version's SHA-256, and read back which workflow is published. Each operation's javadoc names the Dify source files
 * its endpoints, payloads and status codes come from.
 */
package dev.flowback.engine.dify;
