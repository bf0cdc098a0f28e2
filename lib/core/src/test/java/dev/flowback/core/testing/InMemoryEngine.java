package dev.flowback.core.testing;

import dev.flowback.core.chain.port.EngineControl;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.error.EngineUnavailableException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.registry.VerifiedDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine outside Flowback (what Dify or a webhook engine is to the chain), in memory: admission per environment,
 * an in-flight count a test sets, the bytes of every apply kept as they were handed over, and what it runs. A test
 * makes the next apply fail (refused, or unreachable) or the next apply "take" without changing what runs, so each
 * way an engine can disappoint the chain can be driven through the steps.
 */
public final class InMemoryEngine implements EngineControl {
    /** Every call in order, as {@code "<operation> <environment> <execution>"}. */
    public final List<String> calls = new ArrayList<>();
    /** The bytes each apply was handed, in order. */
    public final List<byte[]> applied = new ArrayList<>();
    private final Map<EnvironmentRef, Boolean> admitting = new HashMap<>();
    private final Map<EnvironmentRef, Integer> inFlight = new HashMap<>();
    private final Map<EnvironmentRef, RunningVersion> running = new HashMap<>();
    private RuntimeException nextApplyFailure;
    private boolean nextApplyIgnored;

    /** Runs that are still going in {@code environment}, as the next count reports. */
    public void setInFlight(EnvironmentRef environment, int count) {
        inFlight.put(environment, count);
    }

    /** What the engine runs before any apply: a version deployed outside Flowback, or one put there by a test. */
    public void setRunning(EnvironmentRef environment, RunningVersion version) {
        running.put(environment, version);
    }

    /** The next apply says no: EngineRefusedException, with nothing changed. */
    public void refuseNextApply(String why) {
        nextApplyFailure = new EngineRefusedException(why);
    }

    /** The next apply cannot reach the engine: EngineUnavailableException, with nothing changed. */
    public void failNextApply(String why) {
        nextApplyFailure = new EngineUnavailableException(why);
    }

    /** The next apply answers as if it took but the engine goes on running what it ran (a silent no-op). */
    public void ignoreNextApply() {
        nextApplyIgnored = true;
    }

    public boolean admitting(EnvironmentRef environment) {
        return admitting.getOrDefault(environment, true);
    }

    public String lastAppliedText() {
        return applied.isEmpty() ? null : new String(applied.get(applied.size() - 1), StandardCharsets.UTF_8);
    }

    @Override
    public void closeAdmission(EngineCall call) {
        calls.add("close " + call.environment() + " " + call.executionId());
        admitting.put(call.environment(), false);
    }

    @Override
    public int countInFlight(EngineCall call) {
        calls.add("count " + call.environment() + " " + call.executionId());
        return inFlight.getOrDefault(call.environment(), 0);
    }

    @Override
    public RunningVersion apply(EngineCall call, VerifiedDefinition target) {
        calls.add("apply " + call.environment() + " " + call.executionId() + " " + target.version().versionId());
        if (nextApplyFailure != null) {
            RuntimeException failure = nextApplyFailure;
            nextApplyFailure = null;
            throw failure;
        }
        applied.add(target.bytes());
        if (nextApplyIgnored) {
            nextApplyIgnored = false;
            return running(call);
        }
        RunningVersion now = new RunningVersion(target.version().versionId(), target.version().sha256(),
                "in-memory engine");
        running.put(call.environment(), now);
        return now;
    }

    @Override
    public void openAdmission(EngineCall call) {
        calls.add("open " + call.environment() + " " + call.executionId());
        admitting.put(call.environment(), true);
    }

    @Override
    public RunningVersion running(EngineCall call) {
        return running.getOrDefault(call.environment(), RunningVersion.unknown("nothing applied yet"));
    }
}
