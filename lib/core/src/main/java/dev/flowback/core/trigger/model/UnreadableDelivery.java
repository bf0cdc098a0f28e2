package dev.flowback.core.trigger.model;

import java.util.Objects;

/**
 * A delivery the function's edge could not read as an alarm state change: not JSON, an event of another kind, a
 * required field missing or malformed. The trigger records it as a refusal; nothing starts.
 *
 * @param alarmName the alarm it names, when it names one, else null
 * @param problem   what was wrong, naming the field
 */
public record UnreadableDelivery(AlarmDelivery delivery, String deliveryId, String alarmName, String problem) {
    public UnreadableDelivery {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(problem, "problem");
    }
}
