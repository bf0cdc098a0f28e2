/**
 * The commands that run on the embedded, in-memory stack (S3Proxy + dynalite + aws-local-stepfunctions started by
 * the command and gone when it ends): the demo of the main job, and comparing versions of a definition. They need
 * no API and no AWS account.
 */
package dev.flowback.cli.embedded;
