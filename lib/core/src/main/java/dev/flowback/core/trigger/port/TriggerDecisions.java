package dev.flowback.core.trigger.port;

import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.trigger.model.TriggerDecision;
import java.util.List;

/**
 * Outgoing port: the record of every trigger decision (DynamoDB in production: in the environment's partition when
 * the alarm maps to one, else in one partition for deliveries that reached no environment).
 */
public interface TriggerDecisions {
    /** Adds the decision; recording the same delivery's decision at the same instant again adds nothing. */
    void record(TriggerDecision decision);

    /** The environment's decisions, newest first, at most {@code limit}. */
    List<TriggerDecision> recent(EnvironmentRef environment, int limit);

    /** Decisions about deliveries that reached no environment (unreadable, unmapped), newest first. */
    List<TriggerDecision> unrouted(int limit);
}
