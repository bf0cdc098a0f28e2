package dev.flowback.core.chain.payload;

import java.util.List;

/**
 * What a rollback would do, from a dry run: nothing was locked, paused or changed to produce it.
 *
 * @param diffSummary one line ("2 nodes changed, 1 edge removed")
 * @param diffText    the diff for people, current to target
 * @param inFlight    instances running now, which the pause would wait for
 * @param steps       what would happen, in order
 * @param warnings    checks that would block without force, or that force overrides
 */
public record DryRunPlan(
        String diffSummary,
        String diffText,
        int inFlight,
        List<String> steps,
        List<String> warnings) {
}
