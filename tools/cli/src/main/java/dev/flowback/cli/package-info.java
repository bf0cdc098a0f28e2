/**
 * The local command line ({@code ./flowback}): the demo, and comparing versions of a definition, on the
 * embedded local stack.
 */
package dev.flowback.cli;
