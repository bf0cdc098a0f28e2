package dev.flowback.core.chain.payload;

import dev.flowback.core.id.VersionId;
import java.time.Instant;

/**
 * The pointer move.
 *
 * @param fromVersion      what was live before, or null for a first deployment
 * @param switchedAt       when the pointer moved: the first switch's time, also when a replay finds it done
 * @param alreadyDone      this call found the switch already made by this execution (a replay) and wrote nothing
 * @param inFlightAtSwitch instances still leased when the switch happened (non-zero only when forced)
 * @param revert           this was the switch back of a failed verification (policy REVERT)
 */
public record SwitchResult(
        VersionId fromVersion,
        VersionId toVersion,
        long revision,
        Instant switchedAt,
        boolean alreadyDone,
        int inFlightAtSwitch,
        boolean revert) {
}
