/**
 * How Flowback talks to AWS, in one place: {@code AwsSettings} builds every SDK client with one shared
 * url-connection HTTP client, bounded timeouts, the region and credentials (or explicit endpoints for local
 * emulators), and {@code AwsErrors} is the one rule that turns SDK failures into Flowback's transient or permanent
 * errors. Every adapter module builds on it.
 */
package dev.flowback.aws;
