package dev.flowback.function.trigger;

import dev.flowback.aws.AwsErrors;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.port.TriggerAnnouncements;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Announcements on EventBridge (PutEvents, source {@code dev.flowback}): "Automatic Rollback Started" and
 * "Automatic Rollback Frozen", their detail the decision with the alarm's evidence. PutEvents answers 200 even when
 * it refused the entry, so a failed entry is an error here too.
 */
public final class EventBridgeAnnouncements implements TriggerAnnouncements {
    private final EventBridgeClient events;
    private final String bus;

    public EventBridgeAnnouncements(EventBridgeClient events, String bus) {
        this.events = events;
        this.bus = bus;
    }

    public static EventBridgeClient client(AwsSettings settings) {
        return settings.configure(EventBridgeClient.builder(), "eventbridge").build();
    }

    @Override
    public void announce(TriggerDecision decision) {
        String detail = TriggerEvents.json(decision).toString();
        PutEventsResponse answer = AwsErrors.call("announcing " + TriggerEvents.detailType(decision) + " on " + bus,
                () -> events.putEvents(b -> b.entries(e -> e.eventBusName(bus).source(TriggerEvents.SOURCE)
                        .detailType(TriggerEvents.detailType(decision)).detail(detail))));
        if (answer.failedEntryCount() != null && answer.failedEntryCount() > 0) {
            PutEventsResultEntry entry = answer.entries().get(0);
            throw new StorageFailureException("EventBridge refused the " + TriggerEvents.detailType(decision)
                    + " event on " + bus + ": " + entry.errorCode() + " " + entry.errorMessage(), null);
        }
    }
}
