/**
 * Engine requirements: the engine name and semantic version range a definition needs, checked against the engine
 * an environment runs (same major version).
 */
package dev.flowback.core.engine;
