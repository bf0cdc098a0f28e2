package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.RollbackStarts;
import dev.flowback.core.chain.RollbackStarts.Started;
import dev.flowback.core.chain.Rollbacks;
import dev.flowback.core.chain.Rollbacks.RollbackView;
import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.port.StartLedger.StartEntry;
import dev.flowback.core.chain.step.SnapshotStep;
import dev.flowback.core.chain.step.ValidateStep;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.function.runtime.PayloadJson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rollbacks: start one (202, or 200 with the plan for a dry run) and read one. A dry run is planned here, by the
 * chain's own snapshot and validate steps, exactly as an execution would plan it: nothing is locked, paused or
 * written, and the caller gets the plan in the answer instead of having to poll for it.
 */
final class RollbackRoutes {
    private static final Set<String> START_FIELDS = Set.of("target_version", "reason", "force", "dry_run");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RollbackStarts starts;
    private final Rollbacks rollbacks;
    private final SnapshotStep snapshot;
    private final ValidateStep validate;
    private final Clock clock;

    RollbackRoutes(ApiWiring wiring) {
        var stores = wiring.stores();
        this.clock = wiring.clock();
        this.starts = new RollbackStarts(stores.environments(), stores.registry(), stores.starts(),
                wiring.executions(), clock);
        this.rollbacks = new Rollbacks(stores.starts(), stores.journal());
        this.snapshot = new SnapshotStep(stores.registry(), stores.environments(), stores.journal(), wiring.lease());
        this.validate = new ValidateStep(stores.registry(), stores.environments(), stores.leases(), stores.journal(),
                stores.holds(), clock);
    }

    APIGatewayProxyResponseEvent start(ApiRequest request, String caller) {
        EnvironmentRef ref = Ids.environment(request);
        ObjectNode body = ApiJson.readObject(request.body());
        ApiJson.refuseUnknown(body, "", START_FIELDS);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("workflow_id", ref.workflow().value());
        input.put("environment", ref.environment().value());
        body.fields().forEachRemaining(f -> input.put(f.getKey(), ApiJson.MAPPER.convertValue(f.getValue(),
                Object.class)));
        input.put("requested_by", caller.length() > RollbackRequest.MAX_REQUESTED_BY
                ? caller.substring(0, RollbackRequest.MAX_REQUESTED_BY) : caller);
        input.put("trigger", RollbackTrigger.API.wireName());
        RollbackRequest rollback = RollbackRequest.parse(input);
        if (rollback.dryRun()) {
            return plan(input);
        }
        Started started = starts.start(rollback, request.header(RollbackStarts.KEY_FIELD).orElse(null));
        StartEntry entry = started.entry();
        String path = "/workflows/" + ref.workflow() + "/environments/" + ref.environment() + "/rollbacks/"
                + entry.rollbackId();
        ObjectNode answer = ApiJson.object()
                .put("rollback_id", entry.rollbackId())
                .put("execution_arn", entry.executionArn())
                .put("started_at", entry.startedAt().toString())
                .put("status_path", path);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", path);
        if (started.replayed()) {
            headers.put("Idempotent-Replayed", "true");
        }
        return ApiResponse.json(202, answer, headers);
    }

    private APIGatewayProxyResponseEvent plan(Map<String, Object> input) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        RollbackTicket ticket = snapshot.run(new SnapshotInput(input, "api-dry-run-" + HexFormat.of().formatHex(id),
                clock.instant().toString()));
        RollbackOutcome outcome = validate.run(ticket).dryRun();
        return ApiResponse.of(200, ApiResponse.JSON, new String(PayloadJson.write(outcome), StandardCharsets.UTF_8),
                Map.of());
    }

    APIGatewayProxyResponseEvent get(ApiRequest request) {
        EnvironmentRef ref = Ids.environment(request);
        RollbackView view = rollbacks.read(ref, request.pathParameter("rollback_id"));
        ObjectNode body = ApiJson.object()
                .put("rollback_id", view.rollbackId())
                .put("execution_arn", view.executionArn())
                .put("workflow_id", ref.workflow().value())
                .put("environment", ref.environment().value());
        RollbackRecord record = view.record();
        body.put("status", record != null ? record.status().name() : view.executionArn() == null ? "REQUESTED"
                : "STARTING");
        StartEntry start = view.start();
        if (start != null) {
            body.putObject("requested").put("target_version", start.target().toString()).put("reason", start.reason())
                    .put("force", start.force()).put("requested_by", start.requestedBy())
                    .put("requested_at", start.requestedAt().toString());
        }
        if (record != null) {
            body.put("trigger", record.trigger() == null ? null : record.trigger().wireName())
                    .put("requested_target", Views.text(record.requestedTarget()))
                    .put("from_version", Views.text(record.fromVersion()))
                    .put("target_version", Views.text(record.targetVersion()))
                    .put("revision", record.revision())
                    .put("started_at", Views.text(record.startedAt()))
                    .put("alarm_at", Views.text(record.alarmAt().orElse(null)))
                    .put("switched_at", Views.text(record.switchedAt()))
                    .put("verified_at", Views.text(record.verifiedAt()))
                    .put("finished_at", Views.text(record.finishedAt()))
                    .put("alarm_to_switched_ms", record.alarmToSwitched().map(Duration::toMillis).orElse(null))
                    .put("alarm_to_verified_ms", record.alarmToVerified().map(Duration::toMillis).orElse(null))
                    .put("error", record.error())
                    .put("message", record.message())
                    .put("health", record.health());
        }
        ArrayNode steps = body.putArray("steps");
        Instant previous = record == null ? null : record.startedAt();
        for (AuditEntry entry : view.steps()) {
            ObjectNode step = steps.addObject().put("step", entry.step()).put("place", entry.place())
                    .put("at", entry.at().toString());
            if (previous != null) {
                step.put("duration_ms", Math.max(0, Duration.between(previous, entry.at()).toMillis()));
            }
            step.put("from_version", Views.text(entry.fromVersion()))
                    .put("target_version", Views.text(entry.targetVersion()))
                    .put("result", entry.detail());
            previous = entry.at();
        }
        return ApiResponse.json(200, body);
    }
}
