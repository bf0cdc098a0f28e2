package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.number;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;
import static dev.flowback.store.dynamodb.Attributes.version;

import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.trigger.model.AutomaticStart;
import dev.flowback.core.trigger.model.AutomationFreeze;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.core.trigger.port.AutomationStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The trigger's state of one environment as the item {@code WF#{wf}#ENV#{env}} / {@code AUTOMATION}: policy,
 * freeze, the recent automatic starts (a list of maps, at most {@link AutomationState#MAX_STARTS}) and a revision.
 * Each save is one PutItem of the whole item conditional on the revision it was read at, so two deliveries deciding
 * at once serialise on it: the loser re-reads and finds the winner's start.
 */
public final class DynamoAutomationStore implements AutomationStore {
    static final String AUTOMATION_SK = "AUTOMATION";

    private final DynamoRequests requests;

    public DynamoAutomationStore(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public Optional<AutomationState> find(EnvironmentRef environment) {
        Map<String, AttributeValue> item = requests.get("reading the automation state of " + environment,
                EnvironmentItems.key(environment, AUTOMATION_SK));
        return item.isEmpty() ? Optional.empty() : Optional.of(fromItem(environment, item));
    }

    @Override
    public boolean save(AutomationState next) {
        Map<String, AttributeValue> item = toItem(next);
        boolean first = next.revision() == 1;
        return requests.conditional("writing the automation state of " + next.environment(), () ->
                requests.dynamo().putItem(b -> {
                    b.tableName(requests.table()).item(item);
                    if (first) {
                        b.conditionExpression("attribute_not_exists(#pk)")
                                .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK));
                    } else {
                        b.conditionExpression("revision = :seen")
                                .expressionAttributeValues(Map.of(":seen", n(next.revision() - 1)));
                    }
                })).isPresent();
    }

    private static Map<String, AttributeValue> toItem(AutomationState a) {
        Map<String, AttributeValue> item = new HashMap<>(EnvironmentItems.key(a.environment(), AUTOMATION_SK));
        item.put("type", s("AUTOMATION"));
        item.put("revision", n(a.revision()));
        item.put("cooldownSeconds", n(a.policy().cooldown().toSeconds()));
        item.put("maxPerHour", n(a.policy().maxPerHour()));
        if (a.freeze() != null) {
            AutomationFreeze f = a.freeze();
            Map<String, AttributeValue> freeze = new HashMap<>();
            freeze.put("at", s(f.at().toString()));
            freeze.put("rule", s(f.rule()));
            if (!f.message().isEmpty()) {
                freeze.put("message", s(f.message()));
            }
            if (f.alarmName() != null) {
                freeze.put("alarmName", s(f.alarmName()));
            }
            item.put("freeze", AttributeValue.fromM(freeze));
        }
        item.put("starts", AttributeValue.fromL(a.starts().stream().map(st -> {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("executionName", s(st.executionName()));
            m.put("at", s(st.at().toString()));
            m.put("alarmName", s(st.alarmName()));
            if (st.fromVersion() != null) {
                m.put("fromVersion", s(st.fromVersion().value()));
            }
            return AttributeValue.fromM(m);
        }).toList()));
        if (a.resumedAt() != null) {
            item.put("resumedAt", s(a.resumedAt().toString()));
            item.put("resumedBy", s(a.resumedBy()));
        }
        return item;
    }

    private static AutomationState fromItem(EnvironmentRef environment, Map<String, AttributeValue> item) {
        AutomationFreeze freeze = null;
        AttributeValue f = item.get("freeze");
        if (f != null && f.hasM()) {
            Map<String, AttributeValue> m = f.m();
            freeze = new AutomationFreeze(instant(m, "at"), text(m, "rule"), text(m, "message"), text(m, "alarmName"));
        }
        List<AutomaticStart> starts = item.getOrDefault("starts", AttributeValue.fromL(List.of())).l().stream()
                .map(AttributeValue::m)
                .map(m -> new AutomaticStart(text(m, "executionName"), instant(m, "at"), text(m, "alarmName"),
                        version(m, "fromVersion")))
                .toList();
        return new AutomationState(environment, number(item, "revision"),
                new AutomationPolicy(Duration.ofSeconds(number(item, "cooldownSeconds")),
                        (int) number(item, "maxPerHour")),
                freeze, starts, instant(item, "resumedAt"), text(item, "resumedBy"));
    }
}
