/**
 * The client a workflow engine embeds to run one environment under Flowback ({@code EngineGate}): admission through
 * the gate with an instance lease, each admitted instance pinned to the version and SHA-256 live at its admission
 * ({@code Admitted}, whose {@code definition()} is the only way to the bytes), and the release that lets a drain
 * finish. Its API speaks only its own and the JDK's types; the implementation is in {@code internal}.
 */
package dev.flowback.engine.gate;
