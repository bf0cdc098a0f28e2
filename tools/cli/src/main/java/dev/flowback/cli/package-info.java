/**
 * The local command line ({@code ./flowback}): the demo (a real alarm rolling production back on the local stack),
 * {@code local up | down} (the persistent local stack), and comparing versions of a definition.
 */
package dev.flowback.cli;
