package dev.flowback.core.definition.dify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.Json;
import dev.flowback.core.definition.ParsedDefinition;
import dev.flowback.core.definition.PlaintextCredential;
import dev.flowback.core.diff.DefinitionDiff;
import dev.flowback.core.diff.DiffCalculator;
import dev.flowback.core.diff.DiffText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real Dify exports from public repositories (DSL 0.1.3 to 0.6.0, one in the export API's envelope), read in place
 * from ../shared/fixtures/dify and never copied into this repository. Reports itself skipped where that folder is
 * absent.
 */
class DifyCorpusTest {
    private static final DefinitionFormats FORMATS = DefinitionFormats.standard();

    @TestFactory
    Stream<DynamicTest> everyRealExport() throws IOException {
        Optional<Path> corpus = corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "../shared/fixtures/dify is absent: no real exports to read");
        List<Path> files;
        try (Stream<Path> listing = Files.list(corpus.get())) {
            files = listing.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        }
        Assumptions.assumeFalse(files.isEmpty(), "../shared/fixtures/dify holds no exports");
        return files.stream().flatMap(file -> Stream.of(
                dynamicTest(file.getFileName() + " imports", () -> imports(file)),
                dynamicTest(file.getFileName() + " keeps its fingerprint through a re-export",
                        () -> survivesReExport(file)),
                dynamicTest(file.getFileName() + " diffs against itself as empty", () -> diffsEmptyAgainstItself(file)),
                dynamicTest(file.getFileName() + " round-trips byte for byte", () -> roundTrips(file))));
    }

    private static void imports(Path file) {
        ParsedDefinition parsed = FORMATS.parse(read(file));
        assertEquals("dify", parsed.format().name());
        assertFalse(parsed.model().nodes().isEmpty());
        assertEquals("dify", parsed.model().engine().name());
        // Publishing would refuse a plaintext credential; none of these exports holds one (checked by hand: no HTTP
        // request nodes, no key-shaped values). A fixture that did would be listed here with its refusal, never
        // with its value: describe() names where it is only.
        assertEquals(List.of(), parsed.credentials().stream().map(PlaintextCredential::describe).toList(),
                file.getFileName() + " would be refused for a plaintext credential");
    }

    private static void survivesReExport(Path file) {
        String yaml = yamlOf(read(file));
        String reExported = new CanvasShuffle(file.getFileName().toString().hashCode()).reExport(yaml);
        assertNotEquals(yaml, reExported, "the re-export must differ in its bytes");
        assertEquals(FORMATS.parse(read(file)).fingerprint(),
                FORMATS.parse(reExported.getBytes(StandardCharsets.UTF_8)).fingerprint());
    }

    private static void diffsEmptyAgainstItself(Path file) {
        ParsedDefinition parsed = FORMATS.parse(read(file));
        DefinitionDiff diff = DiffCalculator.diff("v1", parsed, true, "v1", FORMATS.parse(read(file)));
        assertTrue(diff.isEmpty());
        assertEquals("diff v1 → v1: identical\n", DiffText.text(diff));
    }

    /** The stored snapshot is the input bytes: parsing must not need, or make, any other. */
    private static void roundTrips(Path file) {
        byte[] published = read(file);
        byte[] copy = published.clone();
        ParsedDefinition parsed = FORMATS.parse(published);
        assertArrayEquals(copy, published, "parsing must not change the bytes");
        assertEquals(ContentHash.of(copy), ContentHash.of(published));
        assertEquals(parsed.fingerprint(), FORMATS.parse(copy).fingerprint());
    }

    /** The YAML itself: the export API's envelope carries it in "data". */
    private static String yamlOf(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.stripLeading().startsWith("{")) {
            return text;
        }
        try {
            JsonNode envelope = Json.MAPPER.readTree(bytes);
            return envelope.get("data").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Beside the repository: from -Dflowback.root when set, else found by walking up from the working directory. */
    static Optional<Path> corpus() {
        Path byRoot = Path.of(System.getProperty("flowback.root", ".")).toAbsolutePath().getParent()
                .resolve("shared/fixtures/dify");
        if (Files.isDirectory(byRoot)) {
            return Optional.of(byRoot);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/dify");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
