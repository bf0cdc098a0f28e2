package dev.flowback.core.trigger.model;

import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import java.time.Instant;
import java.util.Objects;

/**
 * One decision about one delivery, as recorded and announced: what was decided, by which rule, in one sentence,
 * with the alarm's evidence (name, reason, state-change time, the figures behind it) and what the environment
 * looked like.
 *
 * @param evidence      the alarm's evidence, or null for a delivery too broken to name an alarm
 * @param environment   the environment the alarm maps to, or null when none was found
 * @param executionName the rollback's deterministic execution name, once one was decided on
 * @param executionArn  the execution's id when one was started (or found started), else null
 * @param liveVersion   what was live when the decision was made, or null
 * @param lastSwitchAt  when the environment last switched, or null
 * @param froze         this decision froze automation (a freeze is announced once, by the decision that placed it)
 */
public record TriggerDecision(
        Instant decidedAt,
        AlarmDelivery delivery,
        String deliveryId,
        Decision decision,
        TriggerRule rule,
        String message,
        AlarmEvidence evidence,
        EnvironmentRef environment,
        String executionName,
        String executionArn,
        VersionId liveVersion,
        Instant lastSwitchAt,
        boolean froze) {

    public TriggerDecision {
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(rule, "rule");
        deliveryId = deliveryId == null || deliveryId.isBlank() ? "-" : deliveryId;
        message = message == null ? "" : message;
    }

    /** Whether the decision is announced on the event bus: a start, and the decision that froze automation. */
    public boolean announced() {
        return decision == Decision.STARTED || froze;
    }
}
