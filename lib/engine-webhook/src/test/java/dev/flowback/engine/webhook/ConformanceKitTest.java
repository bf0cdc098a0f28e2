package dev.flowback.engine.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.engine.webhook.conformance.ConformanceKit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit passes against the reference engine, and each rule the reference engine is made to break fails it. */
class ConformanceKitTest {
    private static final byte[] KEY = "a shared key nobody else has".getBytes(StandardCharsets.UTF_8);

    private static ConformanceKit.Report run(ReferenceEngine engine) {
        return new ConformanceKit(engine.url(), KEY, "wf-abc123", "staging", ConformanceKit.Probe.standard(),
                Clock.systemUTC()).run();
    }

    @Test
    void theReferenceEnginePassesEveryCheck() {
        try (ReferenceEngine engine = ReferenceEngine.start(KEY, Clock.systemUTC())) {
            ConformanceKit.Report report = run(engine);
            assertTrue(report.passed(), String.join("\n", report.failures()));
            assertEquals(14, report.checks().size());
            assertTrue(engine.admits(), "the kit leaves admission open");
            assertArrayEquals(ConformanceKit.Probe.standard().bytes(), engine.runningDefinition(),
                    "the engine runs exactly the probe's bytes");
        }
    }

    @Test
    void anEngineThatAcceptsReplaysFailsTheReplayCheckOnly() {
        try (ReferenceEngine engine = ReferenceEngine.start(KEY, Clock.systemUTC(),
                ReferenceEngine.Flaw.ACCEPTS_REPLAYS)) {
            assertEquals(List.of("a replayed request (same nonce) is refused with 401"), failed(run(engine)));
        }
    }

    @Test
    void anEngineThatRunsBytesWithoutCheckingTheirHashFailsTheApplyCheck() {
        try (ReferenceEngine engine = ReferenceEngine.start(KEY, Clock.systemUTC(),
                ReferenceEngine.Flaw.SKIPS_HASH_CHECK)) {
            List<String> failed = failed(run(engine));
            assertTrue(failed.contains("apply refuses bytes whose SHA-256 is not the one named, with 422, and runs on"),
                    failed.toString());
        }
    }

    @Test
    void aCountThatIsNotANonNegativeWholeNumberFails() {
        try (ReferenceEngine engine = ReferenceEngine.start(KEY, Clock.systemUTC(),
                ReferenceEngine.Flaw.COUNTS_NEGATIVE)) {
            assertEquals(List.of("count answers {\"in_flight\": n >= 0}"), failed(run(engine)));
        }
    }

    @Test
    void aKitWithAnotherKeyFailsTheSignedChecksAndSaysWhatItSaw() {
        try (ReferenceEngine engine = ReferenceEngine.start("another key".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC())) {
            ConformanceKit.Report report = run(engine);
            assertFalse(report.passed());
            assertTrue(report.failures().stream().anyMatch(f -> f.contains("401")), report.failures().toString());
        }
    }

    private static List<String> failed(ConformanceKit.Report report) {
        return report.checks().stream().filter(c -> !c.passed()).map(ConformanceKit.Check::name).toList();
    }
}
