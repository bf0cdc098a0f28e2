package dev.flowback.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.chain.model.RolloutPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lock lease rule, and the state machine figures it is derived from. */
class FunctionConfigTest {
    private static FunctionConfig withLease(String seconds) {
        return FunctionConfig.from(Map.of(FunctionConfig.TABLE, "t", FunctionConfig.BUCKET, "b",
                FunctionConfig.LOCK_LEASE_SECONDS, seconds));
    }

    @Test
    void theMinimumLeaseOutlastsTheLongestWaitPlusTheStepsAroundItWithTheirRetries() {
        assertEquals(Duration.ofSeconds(735), FunctionConfig.MIN_LOCK_LEASE);
        assertTrue(FunctionConfig.MIN_LOCK_LEASE.compareTo(RolloutPolicy.MAX_CHECK_INTERVAL
                .plus(FunctionConfig.TASK_TIMEOUT.multipliedBy(2))) > 0, "stricter than interval + two timeouts");
        assertTrue(FunctionConfig.DEFAULT_LOCK_LEASE.compareTo(FunctionConfig.MIN_LOCK_LEASE) >= 0);
    }

    @Test
    void aLeaseShorterThanTheMinimumStopsTheContainerNamingTheVariableAndTheRule() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> withLease("380"));
        assertTrue(e.getMessage().startsWith("environment variable FLOWBACK_LOCK_LEASE_SECONDS is 380 s; it must be"
                + " at least 735 s"), e.getMessage());
        assertTrue(e.getMessage().contains("longest check interval (300 s)"), e.getMessage());
        assertEquals(Duration.ofSeconds(735), withLease("735").lockLease());
        assertEquals(Duration.ofDays(1), withLease("86400").lockLease());
        assertThrows(IllegalStateException.class, () -> withLease("86401"));
        IllegalStateException garbage = assertThrows(IllegalStateException.class, () -> withLease("15m"));
        assertTrue(garbage.getMessage().contains("between 735 and 86400, was '15m'"), garbage.getMessage());
    }

    @Test
    void theDerivationMatchesEveryChainTaskInTheStateMachine() throws IOException {
        JsonNode states = PayloadJson.MAPPER.readTree(Files.readAllBytes(stateMachine())).path("States");
        int tasks = 0;
        for (var entry : states.properties()) {
            JsonNode state = entry.getValue();
            if (!"Task".equals(state.path("Type").asText()) || !state.path("Resource").asText().contains("Function")) {
                continue;
            }
            tasks++;
            String name = entry.getKey();
            assertTrue(state.path("TimeoutSeconds").asLong() <= FunctionConfig.TASK_TIMEOUT.toSeconds(),
                    name + " may run longer than the lease rule assumes");
            for (JsonNode retry : state.path("Retry")) {
                int attempts = retry.path("MaxAttempts").asInt(3);
                assertTrue(attempts <= FunctionConfig.TASK_RETRIES, name + " retries more than the rule assumes");
                double backoff = 0;
                for (int i = 0; i < attempts; i++) {
                    double delay = retry.path("IntervalSeconds").asDouble(1)
                            * Math.pow(retry.path("BackoffRate").asDouble(2), i);
                    backoff += retry.has("MaxDelaySeconds") ? Math.min(delay, retry.path("MaxDelaySeconds").asDouble())
                            : delay;
                }
                assertTrue(backoff <= FunctionConfig.RETRY_BACKOFF.toSeconds(), name + " backs off " + backoff + " s");
            }
        }
        assertTrue(tasks >= 7, "found the chain's Lambda tasks: " + tasks);
        assertFalse(states.isEmpty());
    }

    /** statemachine/rollback.asl.json, found from the module's directory upwards. */
    private static Path stateMachine() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("statemachine").resolve("rollback.asl.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("statemachine/rollback.asl.json not found above " + Path.of("").toAbsolutePath());
    }
}
