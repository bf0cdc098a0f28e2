package dev.flowback.function.pause;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.payload.CompensationInput;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.chain.step.CompensateStep;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.function.runtime.SnapStartPrimed;
import dev.flowback.function.runtime.SnapStartPriming;
import dev.flowback.function.runtime.StepLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reaper: Step Functions' "Execution Status Change" event (EventBridge) for a rollback execution that ended
 * ABORTED, TIMED_OUT or FAILED. An execution stopped from the console or the API, or timed out as a whole, runs no
 * Catch, so no compensation; this runs it from the event, which carries the execution's id, start time and input:
 * gate reopened and lock released if the execution still holds them, its record closed with the error
 * {@code Flowback.ExecutionEnded}. For an execution whose own compensation ran (FAILED through the chain) the record is
 * already final and nothing changes. A malformed event is answered, logged and changes nothing.
 */
public final class ExecutionEndedHandler implements RequestStreamHandler, SnapStartPrimed {
    private final CompensateStep compensate;
    private final StepLog log;
    private SnapStartPriming priming;

    public ExecutionEndedHandler() {
        this(FunctionWiring.fromEnvironment());
        priming = primingOf(AwsSettings.fromEnvironment(), FunctionConfig.fromEnvironment(), log).register();
    }

    /** The SnapStart priming: a throwaway reaper over the offline settings, given the aborted-execution event. */
    public static SnapStartPriming primingOf(AwsSettings settings, FunctionConfig config, StepLog log) {
        return new SnapStartPriming("execution-ended", settings, offline -> new ExecutionEndedHandler(
                FunctionWiring.of(offline, config, Clock.systemUTC(), StepLog.discard()))::invoke,
                List.of(SnapStartPriming.event(ExecutionEndedHandler.class, "execution-ended")), log);
    }

    @Override
    public Optional<SnapStartPriming> snapStartPriming() {
        return Optional.ofNullable(priming);
    }

    public ExecutionEndedHandler(FunctionWiring wiring) {
        this.compensate = new CompensateStep(wiring.stores().registry(), wiring.stores().environments(),
                wiring.engines(), wiring.stores().journal(), wiring.lease());
        this.log = wiring.log();
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        out.write(invoke(in.readAllBytes()));
    }

    /** Bytes in and out, as a local Lambda endpoint serves it. */
    public byte[] invoke(byte[] event) {
        JsonNode detail;
        try {
            detail = PayloadJson.MAPPER.readTree(event).path("detail");
        } catch (IOException e) {
            return ignored("the event is not JSON");
        }
        String executionArn = detail.path("executionArn").asText(null);
        String status = detail.path("status").asText("");
        if (executionArn == null || !detail.path("startDate").canConvertToLong()) {
            return ignored("the event has no executionArn or startDate: not a Step Functions status change");
        }
        Instant startedAt = Instant.ofEpochMilli(detail.path("startDate").asLong());
        Object request = request(detail.path("input").asText(null));
        StepFailure failure = new StepFailure(StepFailure.EXECUTION_ENDED, "the execution ended " + status
                + " without finishing its chain (stopped, timed out as a whole or killed: no Catch ran)");
        RollbackOutcome outcome = compensate.run(new CompensationInput(request, null, null, failure, executionArn,
                startedAt.toString()));
        log.write("INFO", "execution-ended", executionArn, "closed", Map.of("status", String.valueOf(
                outcome.status()), "active", String.valueOf(outcome.active()), "ended", status));
        return PayloadJson.write(outcome);
    }

    /** The execution's input as it was given, decoded as the snapshot decodes it; the raw text if it is not JSON. */
    private static Object request(String input) {
        if (input == null) {
            return null;
        }
        try {
            return PayloadJson.MAPPER.readValue(input, Object.class);
        } catch (IOException e) {
            return input;
        }
    }

    private byte[] ignored(String why) {
        log.write("WARN", "execution-ended", null, "ignored", Map.of("reason", why));
        return PayloadJson.write(Map.of("ignored", why));
    }
}
