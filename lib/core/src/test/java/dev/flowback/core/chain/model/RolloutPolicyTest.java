package dev.flowback.core.chain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The waits' bounds: each wait loop stays far inside Step Functions' 25,000-event execution history. */
class RolloutPolicyTest {
    private static RolloutPolicy waits(long drainSeconds, long windowSeconds, long intervalSeconds) {
        return RolloutPolicy.of(Duration.ofSeconds(drainSeconds), Duration.ofSeconds(windowSeconds),
                Duration.ofSeconds(intervalSeconds));
    }

    @Test
    void checksCountOneAtTheStartAndOnePerStartedInterval() {
        assertEquals(1, RolloutPolicy.checksFor(Duration.ZERO, Duration.ofSeconds(15)));
        assertEquals(9, RolloutPolicy.checksFor(Duration.ofMinutes(2), Duration.ofSeconds(15)));
        assertEquals(10, RolloutPolicy.checksFor(Duration.ofSeconds(121), Duration.ofSeconds(15)));
        assertEquals(3601, RolloutPolicy.checksFor(Duration.ofHours(1), Duration.ofSeconds(1)));
    }

    @Test
    void anHourLongWindowCheckedEverySecondIsRefusedNamingTheFieldAndTheIntervalThatWouldDo() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> waits(60, 3600, 1));
        assertEquals("rollout.verification_window_seconds", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("would make up to 3601 health checks; at most 500"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 8 s or a shorter verification window"), e.getMessage());
        waits(60, 3600, 8);
    }

    @Test
    void aLongDrainIsBoundedTheSameWay() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> waits(3600, 0, 5));
        assertEquals("rollout.drain_timeout_seconds", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("721 drain checks"), e.getMessage());
        assertTrue(e.getMessage().contains("shorter drain timeout"), e.getMessage());
    }

    @Test
    void theBoundIsExactlyFiveHundredChecks() {
        waits(499, 499, 1);
        assertThrows(InvalidInputException.class, () -> waits(0, 500, 1));
        RolloutPolicy defaults = RolloutPolicy.defaults();
        assertTrue(RolloutPolicy.checksFor(defaults.drainTimeout(), defaults.checkInterval()) <= 500);
        assertTrue(RolloutPolicy.checksFor(defaults.verificationWindow(), defaults.checkInterval()) <= 500);
    }
}
