package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.emulators.LocalTooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tree tells the architecture: functions/ holds one module per deployed function, named in the chain's words;
 * lib/ the libraries, tools/ the developer tooling; and a module's folder, artifactId and package root say the same
 * thing (lib/store-s3 is flowback-store-s3 in dev.flowback.store.s3).
 */
class LayoutTest {
    private static final Path ROOT = LocalTooling.get().root();
    private static final Pattern ARTIFACT = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** {@code switch} is a Java keyword: the one documented exception to "folder = package". */
    private static final Map<String, String> PACKAGE_WORDS = Map.of("switch", "switchover");

    @Test
    void functionsHoldsTheChainInItsOwnWords() throws IOException {
        List<String> functions = modules(ROOT.resolve("functions")).stream()
                .map(dir -> dir.getFileName().toString()).sorted().toList();
        assertEquals(List.of("api", "pause", "snapshot", "switch", "trigger", "validate", "verify"), functions);
    }

    @Test
    void everyModulesFolderArtifactIdAndPackageRootSayTheSameThing() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String category : List.of("functions", "lib", "tools")) {
            for (Path module : modules(ROOT.resolve(category))) {
                String folder = module.getFileName().toString();
                boolean function = category.equals("functions");
                String artifact = (function ? "flowback-function-" : "flowback-") + folder;
                String root = "dev.flowback." + (function ? "function." : "")
                        + PACKAGE_WORDS.getOrDefault(folder, folder).replace('-', '.');
                checked += check(module, artifact, root, problems);
            }
        }
        checked += check(ROOT.resolve("bench"), "flowback-bench", "dev.flowback.bench", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked > 100, "checked " + checked + " source files");
    }

    private static int check(Path module, String artifact, String root, List<String> problems) throws IOException {
        Matcher declared = ARTIFACT.matcher(Files.readString(module.resolve("pom.xml")));
        if (!declared.find() || !declared.group(1).equals(artifact)) {
            problems.add(ROOT.relativize(module) + ": artifactId should be " + artifact);
        }
        int files = 0;
        for (Path java : javaSources(module)) {
            Matcher pkg = PACKAGE.matcher(Files.readString(java));
            if (!pkg.find() || !(pkg.group(1).equals(root) || pkg.group(1).startsWith(root + "."))) {
                problems.add(ROOT.relativize(java) + ": package should be under " + root);
            }
            files++;
        }
        return files;
    }

    /** The Maven modules directly below {@code dir}: folders with a pom.xml and sources. */
    private static List<Path> modules(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))
                    && Files.isDirectory(d.resolve("src")))
                    .sorted().toList();
        }
    }

    private static List<Path> javaSources(Path module) throws IOException {
        try (Stream<Path> files = Files.walk(module.resolve("src"))) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
