package dev.flowback.function.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.error.ErrorCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What every chain handler does around its one core call: read the step's input record, call, write the result
 * record, and log one line either way. A failure is thrown, never returned, so the Lambda error type Step
 * Functions matches is the exception's class name. A handler subclass only names its step and wires the call,
 * in a no-argument constructor for Lambda and one taking a {@link FunctionWiring} for local runs and tests. The
 * no-argument constructor also registers the step's SnapStart priming ({@link #primeForSnapStart}).
 *
 * @param <I> the step's input record
 * @param <O> the step's output record
 */
public abstract class StepHandler<I, O> implements RequestStreamHandler, SnapStartPrimed {
    private final String step;
    private final Class<I> inputType;
    private final Function<I, O> call;
    private final Function<I, String> executionId;
    private final Function<O, Map<String, Object>> describe;
    private final StepLog log;
    private SnapStartPriming priming;

    /**
     * @param executionId the execution an input belongs to, for the log line
     * @param describe    a few ids and figures of the result for the log line (no payloads)
     */
    protected StepHandler(String step, Class<I> inputType, Function<I, O> call, Function<I, String> executionId,
                          Function<O, Map<String, Object>> describe, StepLog log) {
        this.step = step;
        this.inputType = inputType;
        this.call = call;
        this.executionId = executionId;
        this.describe = describe;
        this.log = log;
    }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        out.write(invoke(in.readAllBytes()));
    }

    /** The same as {@link #handleRequest}, bytes in and out: what a local Lambda endpoint serves. */
    public final byte[] invoke(byte[] payload) {
        long started = System.nanoTime();
        String execution = null;
        try {
            I input = PayloadJson.read(payload, inputType);
            execution = executionId.apply(input);
            O output = call.apply(input);
            Map<String, Object> fields = new LinkedHashMap<>(describe.apply(output));
            fields.put("duration_ms", (System.nanoTime() - started) / 1_000_000);
            log.write("INFO", step, execution, "done", fields);
            return PayloadJson.write(output);
        } catch (RuntimeException e) {
            log.write(ErrorCatalog.isTransient(e) ? "WARN" : "ERROR", step, execution, "failed", Map.of(
                    "error", e.getClass().getName(), "cause", String.valueOf(e.getMessage()),
                    "duration_ms", (System.nanoTime() - started) / 1_000_000));
            throw e;
        }
    }

    /**
     * Registers this step's SnapStart priming: a throwaway copy of the handler, built by {@code handler} over the
     * offline copy of the environment's settings, given the step's priming event (see {@link SnapStartPriming}).
     * Called by the no-argument constructor only: what Lambda builds and snapshots.
     */
    protected final void primeForSnapStart(BiFunction<FunctionWiring, AwsSettings, StepHandler<I, O>> handler) {
        FunctionConfig config = FunctionConfig.fromEnvironment();
        priming = primingOf(AwsSettings.fromEnvironment(), config, handler).register();
    }

    /** The priming {@link #primeForSnapStart} registers, over any settings (tests, the benchmark's training). */
    public final SnapStartPriming primingOf(AwsSettings settings, FunctionConfig config,
                                            BiFunction<FunctionWiring, AwsSettings, StepHandler<I, O>> handler) {
        return new SnapStartPriming(step, settings, offline -> handler.apply(FunctionWiring.of(offline, config,
                Clock.systemUTC(), StepLog.discard()), offline)::invoke,
                List.of(SnapStartPriming.event(getClass(), step)), log);
    }

    @Override
    public final Optional<SnapStartPriming> snapStartPriming() {
        return Optional.ofNullable(priming);
    }

    /** Name/value pairs for a log line; values may be null (a first deployment has no "from"). */
    protected static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            fields.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return fields;
    }
}
