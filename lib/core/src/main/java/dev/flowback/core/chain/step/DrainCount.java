package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.payload.DrainStatus;
import java.time.Instant;

/** The drain status both the pause and its re-counts answer: drained or not, and when to count again. */
final class DrainCount {
    private DrainCount() {
    }

    static DrainStatus status(EnvironmentState state, Instant deadline, int inFlight, int checks, Instant now) {
        boolean drained = inFlight == 0;
        long untilDeadline = CheckHealthStep.secondsUntil(now, deadline);
        long next = drained ? 0 : Math.max(1, Math.min(state.environment().rollout().checkInterval().toSeconds(),
                untilDeadline));
        return new DrainStatus(deadline, inFlight, drained, false, drained, checks, next);
    }
}
