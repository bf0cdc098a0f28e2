package dev.flowback.function.trigger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.trigger.model.TriggerRule;
import dev.flowback.emulators.LocalTooling;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/operations.md names every rule a trigger decision can rest on, by the code the decisions carry. */
class OperationsDocTest {
    @Test
    void everyRuleIsDocumented() throws IOException {
        String doc = Files.readString(LocalTooling.get().root().resolve("docs/operations.md"));
        for (TriggerRule rule : TriggerRule.values()) {
            assertTrue(doc.contains("| `" + rule.code() + "` | " + rule.decision().wireName() + " |"),
                    "docs/operations.md has no row for rule " + rule.code() + " (" + rule.decision().wireName() + ")");
        }
        assertTrue(doc.contains(TriggerEvents.STARTED) && doc.contains(TriggerEvents.FROZEN));
    }
}
