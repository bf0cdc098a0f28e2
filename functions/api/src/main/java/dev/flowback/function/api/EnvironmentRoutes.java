package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.EnvironmentOverviews;
import dev.flowback.core.chain.Environments;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.WorkflowId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Environments: create, update (merge of the sections given) and read (with what runs and what happened). */
final class EnvironmentRoutes {
    /** How many of the trigger's latest decisions an environment read shows. */
    static final int RECENT_TRIGGER_DECISIONS = 10;

    private final Environments environments;
    private final EnvironmentOverviews overviews;
    private final AutomationRoutes automation;

    EnvironmentRoutes(ApiWiring wiring, AutomationRoutes automation) {
        this.automation = automation;
        this.environments = new Environments(wiring.stores().environments(), wiring.clock());
        this.overviews = new EnvironmentOverviews(wiring.stores().environments(), wiring.stores().registry(),
                wiring.stores().journal());
    }

    APIGatewayProxyResponseEvent create(ApiRequest request) {
        WorkflowId workflow = Ids.workflow(request);
        ObjectNode body = ApiJson.readObject(request.body());
        Set<String> known = new HashSet<>(EnvironmentSettings.sections());
        known.add("name");
        ApiJson.refuseUnknown(body, "", known);
        EnvironmentRef ref = new EnvironmentRef(workflow, Ids.named("name", ApiJson.requiredText(body, "", "name"),
                EnvironmentName::of));
        ObjectNode engine = ApiJson.optionalObject(body, "", "engine");
        if (engine == null) {
            throw new InvalidInputException("field.missing", "engine", "engine is required: {\"name\":"
                    + " \"flowback-engine\", \"version\": \"2.4.1\"}");
        }
        Environment base = Environment.of(ref, ApiJson.requiredText(engine, "engine", "name"),
                ApiJson.requiredText(engine, "engine", "version"));
        environments.create(EnvironmentSettings.apply(body, base));
        return ApiResponse.json(201, view(ref), Map.of("Location",
                "/workflows/" + ref.workflow() + "/environments/" + ref.environment()));
    }

    APIGatewayProxyResponseEvent get(ApiRequest request) {
        return ApiResponse.json(200, view(Ids.environment(request)));
    }

    APIGatewayProxyResponseEvent update(ApiRequest request) {
        EnvironmentRef ref = Ids.environment(request);
        ObjectNode body = ApiJson.readObject(request.body());
        ApiJson.refuseUnknown(body, "", EnvironmentSettings.sections());
        Environment current = environments.get(ref).environment();
        environments.update(EnvironmentSettings.apply(body, current));
        return ApiResponse.json(200, view(ref));
    }

    /** The environment as the API shows it: settings and what runs, plus what automation holds and decided. */
    private ObjectNode view(EnvironmentRef ref) {
        ObjectNode node = Views.environment(overviews.read(ref));
        node.set("holds", automation.holds(ref));
        node.set("alarms", automation.mappings(ref));
        node.set("automation", AutomationRoutes.automation(automation.controls().automation(ref)));
        node.set("trigger_decisions", automation.decisions(ref, RECENT_TRIGGER_DECISIONS));
        return node;
    }
}
