/**
 * Every port over S3 and DynamoDB, wired in one place ({@code FlowbackStores}): the functions, the engine gate,
 * the local sandbox and the tests build their stores here, so production and local runs differ only in the endpoints
 * they pass.
 */
package dev.flowback.stores;
