/**
 * The version registry: publish (every check before any write, bytes before metadata), read (always re-hashed),
 * history, resolve, diff and status, over two ports: the snapshot store and the version catalog.
 */
package dev.flowback.core.registry;
