package dev.flowback.core.rollback;

/**
 * The pointer move.
 *
 * @param alreadyDone    this call found the switch already made by this execution (a replay) and wrote nothing
 * @param inFlightAtSwitch instances still leased when the switch happened (non-zero only when forced)
 * @param revert         this was the switch back of a failed verification (policy REVERT)
 */
public record SwitchResult(
        String fromVersion,
        String toVersion,
        long revision,
        String switchedAt,
        boolean alreadyDone,
        int inFlightAtSwitch,
        boolean revert) {
}
