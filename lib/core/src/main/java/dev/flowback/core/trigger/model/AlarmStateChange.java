package dev.flowback.core.trigger.model;

import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.AlarmState;
import java.time.Instant;
import java.util.Objects;

/**
 * One delivery of an alarm's state change, read at the function's edge from whichever shape it came in (the Lambda
 * alarm action, EventBridge, SNS) into the one shape the trigger decides on. The same state change delivered by
 * several paths reads into equal {@link #evidence()}: that is what makes its repeats one rollback.
 *
 * @param deliveryId             the delivery's own id (EventBridge event id, SNS message id, the Lambda request
 *                               id), for the decision record; never used to recognise repeats
 * @param alarmArn               the alarm's ARN, or null when the delivery gives none
 * @param reason                 CloudWatch's state reason, as written
 * @param stateChangedAt         when the alarm entered {@code state} (the state's timestamp)
 * @param previousState          the state before, or null when the delivery does not say
 * @param previousStateChangedAt when the previous state began, or null when the delivery does not say (SNS)
 */
public record AlarmStateChange(
        AlarmDelivery delivery,
        String deliveryId,
        String alarmName,
        String alarmArn,
        AlarmKind kind,
        AlarmState state,
        String reason,
        Instant stateChangedAt,
        AlarmState previousState,
        Instant previousStateChangedAt) {

    public AlarmStateChange {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(alarmName, "alarmName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateChangedAt, "stateChangedAt");
        reason = reason == null ? "" : reason;
        deliveryId = deliveryId == null || deliveryId.isBlank() ? "-" : deliveryId;
    }

    /** What the alarm measured: name, state, reason, time, and the figures the reason cites. */
    public AlarmEvidence evidence() {
        String cited = reason.length() > AlarmEvidence.MAX_REASON ? reason.substring(0, AlarmEvidence.MAX_REASON)
                : reason;
        return new AlarmEvidence(alarmName, state, cited, stateChangedAt, ReasonFigures.values(reason),
                ReasonFigures.threshold(reason));
    }

    /** "orders-latency-high ALARM at 2026-01-02T03:04:05.678Z (by sns)", for messages. */
    public String describe() {
        return alarmName + " " + state + " at " + stateChangedAt + " (by " + delivery.wireName() + ")";
    }
}
