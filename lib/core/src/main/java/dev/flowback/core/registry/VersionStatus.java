package dev.flowback.core.registry;

/**
 * Where a version stands. Every version starts as a CANDIDATE; a verified switch makes it GOOD (so it can be
 * last-known-good); a failed verification or an operator marks it BAD, and rollbacks refuse BAD targets
 * unless forced.
 */
public enum VersionStatus { CANDIDATE, GOOD, BAD }
