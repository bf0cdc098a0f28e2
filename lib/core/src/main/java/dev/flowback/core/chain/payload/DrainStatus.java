package dev.flowback.core.chain.payload;

import java.time.Instant;

/**
 * The drain after the gate closed, carried through the state machine's wait loop.
 *
 * @param deadline           when the drain gives up (gate closing time + drain timeout), computed once
 * @param inFlight           unexpired instance leases at the last count
 * @param drained            nothing in flight
 * @param forced             the deadline passed with instances in flight and the request was forced
 * @param proceed            go on to the switch (drained or forced)
 * @param checks             how many counts were made
 * @param nextCheckInSeconds how long the state machine waits before the next count
 */
public record DrainStatus(
        Instant deadline,
        int inFlight,
        boolean drained,
        boolean forced,
        boolean proceed,
        int checks,
        long nextCheckInSeconds) {
}
