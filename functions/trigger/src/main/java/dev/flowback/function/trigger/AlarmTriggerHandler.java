package dev.flowback.function.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.error.ErrorCatalog;
import dev.flowback.core.trigger.AlarmTrigger;
import dev.flowback.core.trigger.model.AlarmStateChange;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.model.UnreadableDelivery;
import dev.flowback.core.trigger.port.TriggerAnnouncements;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.function.runtime.SnapStartPrimed;
import dev.flowback.function.runtime.SnapStartPriming;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stepfunctions.StateMachineConfig;
import dev.flowback.stores.FlowbackStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The alarm trigger: a CloudWatch alarm's state change, delivered by the alarm's Lambda action (metric or composite
 * alarm), by the EventBridge "CloudWatch Alarm State Change" event or by an SNS notification, becomes at most one
 * automatic rollback to last-known-good (see {@link AlarmTrigger} for the rules). An adapter: the delivery is read
 * at the edge ({@link AlarmDeliveries}), each state change goes to one core call, every decision is logged and
 * answered.
 *
 * <p>Bad input (an unreadable payload, an unknown event kind, an alarm without a mapping, a mapping to nothing) is a
 * recorded refusal, never an error: CloudWatch and SNS would only retry it. A transient failure (throttling, 5xx)
 * is thrown, so Lambda's asynchronous retries re-deliver it; the repeat then finds what the first attempt did.
 *
 * <p>In Lambda it is wired once per container from the environment: FLOWBACK_TABLE and FLOWBACK_BUCKET (the
 * stores), FLOWBACK_STATE_MACHINE_ARN (executions are started with StartExecution, {@link SfnRollbackExecutions}),
 * FLOWBACK_EVENT_BUS (announcements). A missing variable stops the container at start, naming it.
 */
public final class AlarmTriggerHandler implements RequestStreamHandler, SnapStartPrimed {
    /** The delivery shapes a priming hands the throwaway trigger (copies of events/alarms/ in the jar). */
    static final List<String> PRIMING_EVENTS = List.of("metric-alarm-action", "eventbridge-state-change",
            "sns-notification");

    private final AlarmTrigger trigger;
    private final StepLog log;
    private SnapStartPriming priming;

    /** What Lambda calls: everything from the environment variables template.yaml sets. */
    public AlarmTriggerHandler() {
        this(System.getenv(), AwsSettings.fromEnvironment(), Clock.systemUTC(), StepLog.standardOutput());
        priming = primingOf(System.getenv(), AwsSettings.fromEnvironment(), log).register();
    }

    /**
     * The SnapStart priming: a throwaway trigger over the offline settings, given one state change by each delivery
     * path (the alarm action, EventBridge, SNS).
     */
    public static SnapStartPriming primingOf(Map<String, String> variables, AwsSettings settings, StepLog log) {
        return new SnapStartPriming("trigger", settings, offline -> {
            AlarmTriggerHandler primed = new AlarmTriggerHandler(variables, offline, Clock.systemUTC(),
                    StepLog.discard());
            return event -> primed.invoke(event, "snapstart-priming");
        }, PRIMING_EVENTS.stream().map(name -> SnapStartPriming.event(AlarmTriggerHandler.class, name)).toList(),
                log);
    }

    @Override
    public Optional<SnapStartPriming> snapStartPriming() {
        return Optional.ofNullable(priming);
    }

    /**
     * The handler as Lambda builds it, from {@code variables} in place of the process environment: one
     * {@code settings} for every client (DynamoDB, S3, Step Functions, EventBridge).
     */
    AlarmTriggerHandler(Map<String, String> variables, AwsSettings settings, Clock clock, StepLog log) {
        this(FunctionWiring.of(settings, FunctionConfig.from(variables), clock, log),
                new EventBridgeAnnouncements(EventBridgeAnnouncements.client(settings),
                        TriggerConfig.from(variables).eventBus()),
                new SfnRollbackExecutions(SfnRollbackExecutions.client(settings), StateMachineConfig.from(variables)));
    }

    public AlarmTriggerHandler(FunctionWiring wiring, TriggerAnnouncements announcements,
                               RollbackExecutions executions) {
        FlowbackStores s = wiring.stores();
        this.trigger = new AlarmTrigger(s.alarmMappings(), s.environments(), s.journal(), s.registry(), s.holds(),
                s.automation(), s.triggerDecisions(), announcements, executions, wiring.clock());
        this.log = wiring.log();
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        String requestId = context == null || context.getAwsRequestId() == null ? UUID.randomUUID().toString()
                : context.getAwsRequestId();
        out.write(invoke(in.readAllBytes(), requestId));
    }

    /** The same as {@link #handleRequest}, bytes in and out: what a local Lambda endpoint serves. */
    public byte[] invoke(byte[] payload, String requestId) {
        AlarmDeliveries.Read read = AlarmDeliveries.read(payload, requestId);
        ObjectNode answer = PayloadJson.MAPPER.createObjectNode();
        ArrayNode decisions = answer.putArray("decisions");
        for (UnreadableDelivery unreadable : read.unreadable()) {
            decisions.add(logged(trigger.refuse(unreadable)));
        }
        for (AlarmStateChange change : read.changes()) {
            try {
                decisions.add(logged(trigger.handle(change)));
            } catch (RuntimeException e) {
                log.write(ErrorCatalog.isTransient(e) ? "WARN" : "ERROR", "trigger", null, "failed", Map.of(
                        "error", e.getClass().getName(), "cause", String.valueOf(e.getMessage()),
                        "alarm", change.alarmName(), "delivery", change.delivery().wireName(),
                        "state_changed_at", change.stateChangedAt().toString()));
                throw e;
            }
        }
        return PayloadJson.write(answer);
    }

    private ObjectNode logged(TriggerDecision d) {
        ObjectNode json = TriggerEvents.json(d);
        Map<String, Object> fields = new LinkedHashMap<>();
        json.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("execution_name")) {
                fields.put(f.getKey(), f.getValue());
            }
        });
        log.write("INFO", "trigger", d.executionName(), d.decision().wireName(), fields);
        return json;
    }
}
