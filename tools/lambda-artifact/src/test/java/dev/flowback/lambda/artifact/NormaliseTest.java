package dev.flowback.lambda.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shrunk jar's bytes depend only on its contents: ProGuard stamps its output with the build's time, and a jar
 * that differs on every build makes every deploy publish new function versions.
 */
class NormaliseTest {
    @TempDir
    Path dir;

    @Test
    void theSameContentWrittenAtOtherTimesAndInAnotherOrderNormalisesToTheSameBytes() throws IOException {
        Path first = jar("first.jar", LocalDateTime.of(2026, 12, 1, 10, 0), "b/B.class", "META-INF/MANIFEST.MF",
                "a/A.class");
        Path second = jar("second.jar", LocalDateTime.of(2027, 3, 4, 5, 6), "a/A.class", "b/B.class",
                "META-INF/MANIFEST.MF");
        LambdaArtifact.normalise(first);
        LambdaArtifact.normalise(second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void theManifestComesFirstAndEveryEntryKeepsItsBytes() throws IOException {
        Path jar = jar("app.jar", LocalDateTime.of(2026, 12, 1, 10, 0), "z/Z.class", "META-INF/MANIFEST.MF",
                "a/A.class");
        LambdaArtifact.normalise(jar);
        try (InputStream in = Files.newInputStream(jar); JarInputStream read = new JarInputStream(in)) {
            assertEquals("1.0", read.getManifest().getMainAttributes().getValue("Manifest-Version"),
                    "a streaming reader finds the manifest");
            List<String> names = new ArrayList<>();
            for (ZipEntry e = read.getNextEntry(); e != null; e = read.getNextEntry()) {
                names.add(e.getName());
                assertEquals(LambdaArtifact.ENTRY_TIME, e.getTimeLocal(), e.getName());
                assertEquals("bytes of " + e.getName(), new String(read.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(List.of("a/A.class", "z/Z.class"), names);
        }
    }

    private Path jar(String name, LocalDateTime time, String... entries) throws IOException {
        Path jar = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String entry : entries) {
                ZipEntry e = new ZipEntry(entry);
                e.setTimeLocal(time);
                out.putNextEntry(e);
                out.write((entry.equals("META-INF/MANIFEST.MF") ? "Manifest-Version: 1.0\n\n" : "bytes of " + entry)
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
