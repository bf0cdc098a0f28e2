package dev.flowback.core.chain.model;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one execution did, kept per environment. Versions and hashes only: the definitions stay in the registry.
 *
 * @param phase           where the record stands in the chain (see {@link RollbackPhase}); FINISHED when final
 * @param fromVersion     what was live at the snapshot, or null for a first deployment
 * @param targetVersion   the resolved target, or null when the request was refused before it was resolved
 * @param requestedTarget what the caller asked for ({@code previous}, {@code v1.4.2}), before resolution
 * @param startedAt       when the snapshot step opened the record (the execution's start)
 * @param switchedAt      when the pointer moved (the first switch, a revert's switch back aside), or null if it
 *                        never did
 * @param revision        the pointer's revision after this execution's switch, or its revision at the start
 * @param error           the error name when it did not succeed (an exception's class name), else null
 * @param message         one sentence: what happened, or why it failed
 * @param health          the health findings that decided verification, one line, or null
 * @param evidence        what the alarm measured, for an execution an alarm started with evidence; else null.
 *                        Its state-change time is where an automatic rollback's latency is counted from
 * @param verifiedAt      when verification concluded, whatever its verdict (the verify step's decision: healthy,
 *                        held or reverting), or null when no verdict was reached (refused, failed, dry run)
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
        AlarmEvidence evidence,
        Instant verifiedAt) {

    /** A record without alarm evidence. */
    public RollbackRecord(String executionId, EnvironmentRef environment, RollbackStatus status, RollbackPhase phase,
                          VersionId fromVersion, ContentHash fromSha256, VersionId targetVersion,
                          ContentHash targetSha256, VersionRef requestedTarget, String reason,
                          RollbackTrigger trigger, String requestedBy, boolean force, Instant startedAt,
                          Instant switchedAt, long revision, Instant finishedAt, String error, String message,
                          String health) {
        this(executionId, environment, status, phase, fromVersion, fromSha256, targetVersion, targetSha256,
                requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt, revision, finishedAt,
                error, message, health, null, null);
    }

    /** A record with alarm evidence (or null), no verdict yet. */
    public RollbackRecord(String executionId, EnvironmentRef environment, RollbackStatus status, RollbackPhase phase,
                          VersionId fromVersion, ContentHash fromSha256, VersionId targetVersion,
                          ContentHash targetSha256, VersionRef requestedTarget, String reason,
                          RollbackTrigger trigger, String requestedBy, boolean force, Instant startedAt,
                          Instant switchedAt, long revision, Instant finishedAt, String error, String message,
                          String health, AlarmEvidence evidence) {
        this(executionId, environment, status, phase, fromVersion, fromSha256, targetVersion, targetSha256,
                requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt, revision, finishedAt,
                error, message, health, evidence, null);
    }

    /** The same record carrying {@code alarmEvidence}. */
    public RollbackRecord withEvidence(AlarmEvidence alarmEvidence) {
        return new RollbackRecord(executionId, environment, status, phase, fromVersion, fromSha256, targetVersion,
                targetSha256, requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt, revision,
                finishedAt, error, message, health, alarmEvidence, verifiedAt);
    }

    public RollbackRecord finished(RollbackStatus finalStatus, long finalRevision, Instant finishedAtTime,
                                   String errorName, String messageText, String healthText) {
        return new RollbackRecord(executionId, environment, finalStatus, RollbackPhase.FINISHED, fromVersion,
                fromSha256, targetVersion, targetSha256, requestedTarget, reason, trigger, requestedBy, force,
                startedAt, switchedAt, finalRevision, finishedAtTime, errorName, messageText, healthText, evidence,
                verifiedAt);
    }

    /** The record in another phase, everything else kept. */
    public RollbackRecord inPhase(RollbackPhase next) {
        return new RollbackRecord(executionId, environment, status, next, fromVersion, fromSha256, targetVersion,
                targetSha256, requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt, revision,
                finishedAt, error, message, health, evidence, verifiedAt);
    }

    /** The record with the switch noted: the first switch's time stays. */
    public RollbackRecord switched(RollbackPhase next, long switchRevision, Instant at) {
        return new RollbackRecord(executionId, environment, status, next, fromVersion, fromSha256, targetVersion,
                targetSha256, requestedTarget, reason, trigger, requestedBy, force, startedAt,
                switchedAt == null ? at : switchedAt, switchRevision, finishedAt, error, message, health, evidence,
                verifiedAt);
    }

    /** The record with the verdict's time noted: the first verdict's time stays (a replay decides the same). */
    public RollbackRecord verified(Instant at) {
        return new RollbackRecord(executionId, environment, status, phase, fromVersion, fromSha256, targetVersion,
                targetSha256, requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt, revision,
                finishedAt, error, message, health, evidence, verifiedAt == null ? at : verifiedAt);
    }

    /**
     * When the alarm that started this rollback changed state (CloudWatch's state timestamp, carried in the
     * evidence); empty for a rollback no alarm started, which has no such time.
     */
    public Optional<Instant> alarmAt() {
        return evidence == null ? Optional.empty() : Optional.of(evidence.stateChangedAt());
    }

    /** Alarm state change to the pointer's move; empty without an alarm or before the switch. */
    public Optional<Duration> alarmToSwitched() {
        return since(switchedAt);
    }

    /** Alarm state change to verification's verdict; empty without an alarm or before the verdict. */
    public Optional<Duration> alarmToVerified() {
        return since(verifiedAt);
    }

    private Optional<Duration> since(Instant at) {
        return at == null ? Optional.empty() : alarmAt().map(alarm -> Duration.between(alarm, at));
    }
}
