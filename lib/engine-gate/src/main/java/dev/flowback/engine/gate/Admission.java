package dev.flowback.engine.gate;

import java.time.Instant;

/**
 * The answer to an engine asking to start an instance: admitted with a lease until {@code leaseExpiresAt}, or
 * refused (the gate is closed) with the reason; either way what the same read of the environment showed live, so an
 * engine that caches the active definition learns of a switch from its next admission.
 *
 * @param activeVersion the active version at the admission, or null when nothing is live (or no environment)
 * @param activeSha256  its SHA-256 as hex, or null
 * @param revision      the pointer's revision (bumped by every switch), 0 when nothing was ever live
 */
public record Admission(boolean admitted, String instanceId, Instant leaseExpiresAt, String refusal,
                        String activeVersion, String activeSha256, long revision) {
}
