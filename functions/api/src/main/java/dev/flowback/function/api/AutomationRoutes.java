package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.trigger.AutomationControls;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.core.trigger.model.InsufficientDataPolicy;
import dev.flowback.core.trigger.model.TriggerDecision;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What people do beside the alarm trigger, over the core's {@link AutomationControls}: map alarms to an environment
 * and unmap them, hold a version (the validate step refuses it as a target unless forced) and lift the hold, and
 * lift a freeze of automation, and set how often automation may act (the cooldown and the hourly cap). The caller is
 * who holds, lifts or maps; never a body field.
 */
final class AutomationRoutes {
    private static final Set<String> MAPPING_FIELDS = Set.of("alarm_name", "on_insufficient_data", "max_age_seconds",
            "blame_preexisting_alarm");
    private static final Set<String> HOLD_FIELDS = Set.of("version", "reason");
    private static final Set<String> POLICY_FIELDS = Set.of("cooldown_seconds", "max_rollbacks_per_hour");

    private final AutomationControls controls;
    private final ApiWiring wiring;

    AutomationRoutes(ApiWiring wiring) {
        var stores = wiring.stores();
        this.wiring = wiring;
        this.controls = new AutomationControls(stores.alarmMappings(), stores.environments(), stores.registry(),
                stores.holds(), stores.automation(), stores.triggerDecisions(), wiring.clock());
    }

    AutomationControls controls() {
        return controls;
    }

    APIGatewayProxyResponseEvent mapAlarm(ApiRequest request, String caller) {
        EnvironmentRef ref = Ids.environment(request);
        ObjectNode body = ApiJson.readObject(request.body());
        ApiJson.refuseUnknown(body, "", MAPPING_FIELDS);
        String alarm = ApiJson.requiredText(body, "", "alarm_name");
        String policy = ApiJson.optionalText(body, "", "on_insufficient_data");
        InsufficientDataPolicy onInsufficient = policy == null ? null : Arrays.stream(InsufficientDataPolicy.values())
                .filter(p -> p.name().equals(policy)).findFirst().orElseThrow(() -> new InvalidInputException(
                        "field.syntax", "on_insufficient_data", "on_insufficient_data must be one of "
                        + Arrays.toString(InsufficientDataPolicy.values())));
        Long maxAge = ApiJson.optionalWhole(body, "", "max_age_seconds", AlarmMapping.MIN_MAX_AGE.toSeconds(),
                AlarmMapping.MAX_MAX_AGE.toSeconds());
        Boolean blame = ApiJson.optionalFlag(body, "", "blame_preexisting_alarm");
        AlarmMapping mapping = controls.map(new AlarmMapping(alarm, ref, onInsufficient,
                maxAge == null ? null : Duration.ofSeconds(maxAge), blame != null && blame, wiring.clock().instant(),
                caller));
        return ApiResponse.json(201, mapping(mapping), Map.of("Location", base(ref) + "/alarms/"
                + URLEncoder.encode(mapping.alarmName(), StandardCharsets.UTF_8).replace("+", "%20")));
    }

    APIGatewayProxyResponseEvent listAlarms(ApiRequest request) {
        return listed(request, "alarms", this::mappings);
    }

    APIGatewayProxyResponseEvent unmapAlarm(ApiRequest request) {
        controls.unmap(Ids.environment(request), request.pathParameter("alarm_name"));
        return ApiResponse.empty(204);
    }

    APIGatewayProxyResponseEvent placeHold(ApiRequest request, String caller) {
        EnvironmentRef ref = Ids.environment(request);
        ObjectNode body = ApiJson.readObject(request.body());
        ApiJson.refuseUnknown(body, "", HOLD_FIELDS);
        VersionHold hold = controls.placeHold(ref, Ids.version("version", ApiJson.requiredText(body, "", "version")),
                caller, ApiJson.optionalText(body, "", "reason"));
        return ApiResponse.json(201, hold(hold), Map.of("Location", base(ref) + "/holds/" + hold.version()));
    }

    APIGatewayProxyResponseEvent listHolds(ApiRequest request) {
        return listed(request, "holds", this::holds);
    }

    /** {@code {"<key>": [...]}} of the request's environment; a 404 naming it (or its workflow) when it is absent. */
    private APIGatewayProxyResponseEvent listed(ApiRequest request, String key,
                                                Function<EnvironmentRef, ArrayNode> items) {
        EnvironmentRef ref = Ids.environment(request);
        controls.automation(ref);
        ObjectNode answer = ApiJson.object();
        answer.set(key, items.apply(ref));
        return ApiResponse.json(200, answer);
    }

    APIGatewayProxyResponseEvent liftHold(ApiRequest request, String caller) {
        controls.liftHold(Ids.environment(request), Ids.version("version", request.pathParameter("version")), caller);
        return ApiResponse.empty(204);
    }

    APIGatewayProxyResponseEvent unfreeze(ApiRequest request, String caller) {
        AutomationState state = controls.unfreeze(Ids.environment(request), caller);
        return ApiResponse.json(200, automation(state));
    }

    /**
     * Replaces the environment's damping policy. Both figures are required: a PUT that silently kept one would leave
     * the caller unsure which cooldown is in force. The automatic rollbacks already counted keep counting.
     */
    APIGatewayProxyResponseEvent setPolicy(ApiRequest request) {
        EnvironmentRef ref = Ids.environment(request);
        ObjectNode body = ApiJson.readObject(request.body());
        ApiJson.refuseUnknown(body, "", POLICY_FIELDS);
        long cooldown = ApiJson.requiredWhole(body, "", "cooldown_seconds", 0,
                AutomationPolicy.MAX_COOLDOWN.toSeconds());
        long perHour = ApiJson.requiredWhole(body, "", "max_rollbacks_per_hour", 1, AutomationPolicy.MAX_PER_HOUR);
        AutomationState state = controls.setPolicy(ref, new AutomationPolicy(Duration.ofSeconds(cooldown),
                (int) perHour));
        return ApiResponse.json(200, automation(state));
    }

    /** The active holds of {@code ref} (a lifted hold no longer refuses anything). */
    ArrayNode holds(EnvironmentRef ref) {
        ArrayNode holds = ApiJson.array();
        controls.holds(ref).stream().filter(VersionHold::isActive).forEach(h -> holds.add(hold(h)));
        return holds;
    }

    ArrayNode mappings(EnvironmentRef ref) {
        ArrayNode alarms = ApiJson.array();
        controls.mappings(ref).forEach(m -> alarms.add(mapping(m)));
        return alarms;
    }

    ArrayNode decisions(EnvironmentRef ref, int limit) {
        ArrayNode decisions = ApiJson.array();
        controls.decisions(ref, limit).forEach(d -> decisions.add(decision(d)));
        return decisions;
    }

    static ObjectNode mapping(AlarmMapping m) {
        return ApiJson.object()
                .put("alarm_name", m.alarmName())
                .put("on_insufficient_data", m.onInsufficientData().name())
                .put("max_age_seconds", m.maxAge().toSeconds())
                .put("blame_preexisting_alarm", m.blamePreexistingAlarm())
                .put("created_at", m.createdAt().toString())
                .put("created_by", m.createdBy());
    }

    static ObjectNode hold(VersionHold h) {
        return ApiJson.object()
                .put("version", h.version().value())
                .put("reason", h.reason())
                .put("held_by", h.placedBy())
                .put("held_at", h.placedAt().toString());
    }

    static ObjectNode automation(AutomationState state) {
        ObjectNode node = ApiJson.object().put("frozen", state.frozen());
        if (state.frozen()) {
            node.putObject("freeze")
                    .put("rule", state.freeze().rule())
                    .put("message", state.freeze().message())
                    .put("alarm_name", state.freeze().alarmName())
                    .put("at", state.freeze().at().toString());
        } else {
            node.putNull("freeze");
        }
        node.putObject("policy")
                .put("cooldown_seconds", state.policy().cooldown().toSeconds())
                .put("max_rollbacks_per_hour", state.policy().maxPerHour());
        node.put("resumed_at", Views.text(state.resumedAt())).put("resumed_by", state.resumedBy());
        return node;
    }

    static ObjectNode decision(TriggerDecision d) {
        ObjectNode node = ApiJson.object()
                .put("decided_at", d.decidedAt().toString())
                .put("decision", d.decision().wireName())
                .put("rule", d.rule().code())
                .put("message", d.message())
                .put("alarm_name", d.evidence() == null ? null : d.evidence().alarmName())
                .put("alarm_state", d.evidence() == null ? null : stateOf(d.evidence().state()))
                .put("state_changed_at", d.evidence() == null ? null : Views.text(d.evidence().stateChangedAt()))
                .put("execution_arn", d.executionArn())
                .put("live_version", Views.text(d.liveVersion()))
                .put("froze", d.froze());
        return node;
    }

    private static String stateOf(AlarmState state) {
        return state == null ? null : state.name();
    }

    private static String base(EnvironmentRef ref) {
        return "/workflows/" + ref.workflow() + "/environments/" + ref.environment();
    }
}
