/**
 * Compare on the embedded, in-memory stack (S3Proxy + dynalite started by the command and gone when it ends):
 * publishing files as versions of one workflow and diffing each consecutive pair, with no API and no AWS account.
 */
package dev.flowback.cli.embedded;
