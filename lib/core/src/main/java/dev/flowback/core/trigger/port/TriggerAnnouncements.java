package dev.flowback.core.trigger.port;

import dev.flowback.core.trigger.model.TriggerDecision;

/**
 * Outgoing port: tells the world a decision it should act on (EventBridge in production): an automatic rollback
 * started, automation frozen. An announcement that fails does not undo the decision.
 */
public interface TriggerAnnouncements {
    void announce(TriggerDecision decision);
}
