package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/** The local commands, run in-process: compare publishes, refuses and diffs; bad arguments exit with usage. */
class FlowbackCliTest {
    private static final Path ROOT = Path.of(System.getProperty("flowback.root", "..")).toAbsolutePath().normalize();

    private static String run(int expectedStatus, String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        CliSettings settings = new CliSettings(both, both, ROOT, Map.of(), ROOT, false,
                () -> {
                    throw new AssertionError("the embedded commands sign nothing");
                }, () -> Region.US_EAST_1, Optional.empty(), Duration.ofMillis(50));
        int status = FlowbackCli.run(settings, args);
        String output = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, output);
        return output;
    }

    @Test
    void comparePublishesFilesInOrder() {
        Path examples = ROOT.resolve("examples/support-triage");
        String out = run(0, "compare", "--workflow", "triage", examples.resolve("v1.0.0.json").toString(),
                examples.resolve("v1.1.0.json").toString());
        assertTrue(out.contains("Diff v1 (v1.0.0.json) → v2 (v1.1.0.json)"), out);
        assertTrue(out.contains("+ node \"Bug queue\" (bug-queue) (http)"), out);
    }

    @Test
    void compareReadsDifyExportsAndSeesLayoutOnlyChanges() {
        Path examples = ROOT.resolve("examples/dify-support-bot");
        String out = run(0, "compare", "--workflow", "support-bot", examples.resolve("v1.yaml").toString(),
                examples.resolve("v1-canvas-moved.yaml").toString(), examples.resolve("v2.yaml").toString());
        assertTrue(out.contains("format dify"), out);
        assertTrue(out.contains("diff v1 → v2: no semantic change (formatting or layout only)"), out);
        assertTrue(out.contains("~ resource plugin:langgenius/openai 0.2.8 → 0.2.9"), out);
    }

    /** A fake key, made up for this test: the refusal must name where it is and never repeat it. */
    private static final String FAKE_KEY = "sk-proj-Fl0wb4ckT3st0nly-N0tAR34lK3y9x2";

    private static Path withPlaintextKey(Path dir) throws IOException {
        String v1 = Files.readString(ROOT.resolve("examples/dify-support-bot/v1.yaml"));
        String leaked = v1.replace("  environment_variables:\n", "  environment_variables:\n"
                + "  - {name: OPENAI_KEY, value: " + FAKE_KEY + ", value_type: string, description: '', id: k1,"
                + " selector: [env, OPENAI_KEY]}\n");
        assertTrue(leaked.contains(FAKE_KEY), "the example must have environment variables");
        return Files.writeString(dir.resolve("leaked.yaml"), leaked);
    }

    @Test
    void compareNamesEveryRefusedFileAndPublishesNothing(@TempDir Path dir) throws IOException {
        Path leaked = withPlaintextKey(dir);
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "app:\n  mode: [workflow\n");
        String out = run(1, "compare", ROOT.resolve("examples/dify-support-bot/v1.yaml").toString(), leaked.toString(),
                broken.toString());
        assertTrue(out.contains("refused " + leaked + ":\n  [secret.plaintext-credential] environment variable "
                + "\"OPENAI_KEY\" holds an OpenAI API key (sk-…) in plain text at workflow.environment_variables[0]"
                + ".value: "), out);
        assertTrue(out.contains("refused " + broken + ":\n  [document.malformed] the definition is not valid YAML"),
                out);
        assertTrue(out.contains("compare: 2 of 3 file(s) refused; nothing was published"), out);
        assertFalse(out.contains("Local stack up"), "nothing starts, nothing is published: " + out);
        assertFalse(out.contains(FAKE_KEY), out);
    }

    @Test
    void aPublisherWhoInsistsGetsTheCredentialStoredAndNoted(@TempDir Path dir) throws IOException {
        String out = run(0, "compare", "--allow-plaintext-credentials", withPlaintextKey(dir).toString());
        assertTrue(out.contains("note: plaintext credential stored on request (allowPlaintextCredentials, by "), out);
        assertFalse(out.contains(FAKE_KEY), out);
    }

    @Test
    void badArgumentsExitWithUsage() {
        assertTrue(run(2, "compare").contains("Missing required parameter: 'FILE'"));
        assertTrue(run(2, "no-such-command").contains("Unmatched argument at index 0: 'no-such-command'"));
        run(2, "local", "sideways");
        run(1, "compare", "--workflow", "bad workflow id", ROOT.resolve("examples/support-triage/v1.0.0.json")
                .toString());
    }

    @Test
    void theReadmeListsTheExitCodesTheCliReturns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        StringBuilder table = new StringBuilder("| exit | meaning |\n| --- | --- |\n");
        for (Exit exit : Exit.values()) {
            table.append("| ").append(exit.code()).append(" | ").append(exit.meaning()).append(" |\n");
        }
        assertTrue(readme.contains(table), "README.md's exit code table must read:\n" + table);
    }
}
