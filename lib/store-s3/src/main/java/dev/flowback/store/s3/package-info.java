/**
 * The S3 adapter of the core's {@code SnapshotStore} port: content-addressed objects written create-only
 * ({@code If-None-Match: *}) with their SHA-256 as the object checksum.
 */
package dev.flowback.store.s3;
