package dev.flowback.core.chain.model;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import java.time.Instant;

/**
 * What one execution did, kept per environment. Versions and hashes only: the definitions stay in the registry.
 *
 * @param phase           where the record stands in the chain (see {@link RollbackPhase}); FINISHED when final
 * @param fromVersion     what was live at the snapshot, or null for a first deployment
 * @param targetVersion   the resolved target, or null when the request was refused before it was resolved
 * @param requestedTarget what the caller asked for ({@code previous}, {@code v1.4.2}), before resolution
 * @param switchedAt      when the pointer moved, or null if it never did
 * @param revision        the pointer's revision after this execution's switch, or its revision at the start
 * @param error           the error name when it did not succeed (an exception's class name), else null
 * @param message         one sentence: what happened, or why it failed
 * @param health          the health findings that decided verification, one line, or null
 * @param evidence        what the alarm measured, for an execution an alarm started with evidence; else null
 */
public record RollbackRecord(
        String executionId,
        EnvironmentRef environment,
        RollbackStatus status,
        RollbackPhase phase,
        VersionId fromVersion,
        ContentHash fromSha256,
        VersionId targetVersion,
        ContentHash targetSha256,
        VersionRef requestedTarget,
        String reason,
        RollbackTrigger trigger,
        String requestedBy,
        boolean force,
        Instant startedAt,
        Instant switchedAt,
        long revision,
        Instant finishedAt,
        String error,
        String message,
        String health,
        AlarmEvidence evidence) {

    /** A record without alarm evidence. */
    public RollbackRecord(String executionId, EnvironmentRef environment, RollbackStatus status, RollbackPhase phase,
                          VersionId fromVersion, ContentHash fromSha256, VersionId targetVersion,
                          ContentHash targetSha256, VersionRef requestedTarget, String reason,
                          RollbackTrigger trigger, String requestedBy, boolean force, Instant startedAt,
                          Instant switchedAt, long revision, Instant finishedAt, String error, String message,
                          String health) {
        this(executionId, environment, status, phase, fromVersion, fromSha256, targetVersion, targetSha256,
                requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt, revision, finishedAt,
                error, message, health, null);
    }

    /** The same record carrying {@code alarmEvidence}. */
    public RollbackRecord withEvidence(AlarmEvidence alarmEvidence) {
        return new RollbackRecord(executionId, environment, status, phase, fromVersion, fromSha256, targetVersion,
                targetSha256, requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt, revision,
                finishedAt, error, message, health, alarmEvidence);
    }

    public RollbackRecord finished(RollbackStatus finalStatus, long finalRevision, Instant finishedAtTime,
                                   String errorName, String messageText, String healthText) {
        return new RollbackRecord(executionId, environment, finalStatus, RollbackPhase.FINISHED, fromVersion,
                fromSha256, targetVersion, targetSha256, requestedTarget, reason, trigger, requestedBy, force,
                startedAt, switchedAt, finalRevision, finishedAtTime, errorName, messageText, healthText, evidence);
    }

    /** The record in another phase, everything else kept. */
    public RollbackRecord inPhase(RollbackPhase next) {
        return new RollbackRecord(executionId, environment, status, next, fromVersion, fromSha256, targetVersion,
                targetSha256, requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt, revision,
                finishedAt, error, message, health, evidence);
    }

    /** The record with the switch noted: the first switch's time stays. */
    public RollbackRecord switched(RollbackPhase next, long switchRevision, Instant at) {
        return new RollbackRecord(executionId, environment, status, next, fromVersion, fromSha256, targetVersion,
                targetSha256, requestedTarget, reason, trigger, requestedBy, force, startedAt,
                switchedAt == null ? at : switchedAt, switchRevision, finishedAt, error, message, health, evidence);
    }
}
