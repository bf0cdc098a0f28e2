package dev.flowback.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.TriggerDecision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, in-process on its own data directory: nothing staged, so what it asserts is what the
 * stack did. The rollback was started by the trigger (execution input trigger=alarm, from the alarm the local
 * evaluator fired on the engine's own metrics), ran through the state machine to SUCCEEDED, left v1.1.0 live and
 * v1.2.0 BAD and held; the re-delivered state change was recorded as deduplicated, one execution in all. No
 * assertion on timing.
 */
class DemoTest {
    private static final Path ROOT = Path.of(System.getProperty("flowback.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path data;

    @Test
    void aRealAlarmRollsProductionBackThroughTheTriggerOnceAndTheDuplicateIsDeduplicated() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        Demo.Outcome outcome = new Demo(out, ROOT, data).runForOutcome();
        String printed = buffer.toString(StandardCharsets.UTF_8);

        assertEquals(0, outcome.status(), printed);
        assertEquals("alarm", outcome.rollbackInput().path("trigger").asText(), outcome.rollbackInput().toString());
        assertEquals("last-known-good", outcome.rollbackInput().path("target_version").asText(),
                outcome.rollbackInput().toString());
        assertEquals("SUCCEEDED", outcome.rollbackStatus());
        assertEquals(Demo.GOOD, outcome.live());
        assertEquals(VersionStatus.BAD, outcome.badStatus());
        assertTrue(outcome.badHeld(), "v1.2.0 is held");

        List<Decision> decisions = outcome.decisions().stream().map(TriggerDecision::decision).toList();
        assertEquals(1, decisions.stream().filter(d -> d == Decision.STARTED).count(), decisions.toString());
        assertTrue(decisions.contains(Decision.DEDUPLICATED), "the duplicate is recorded: " + decisions);
        assertTrue(outcome.deliveredDecisions().contains("ALARM→deduplicated"), outcome.deliveredDecisions()
                .toString());

        assertTrue(printed.contains("/params/timeoutMs: 500 → 3000"), "the diff v1.2.0 → v1.1.0: " + printed);
        assertTrue(printed.matches("(?s).*alarm → switched +\\d+\\.\\d s  \\(rollback record: alarm .*"), printed);
        assertTrue(printed.matches("(?s).*alarm → verified +\\d+\\.\\d s  \\(verified .*"), printed);
        assertTrue(printed.contains("A alarm, S switched back"), "the chart: " + printed);
    }
}
