package dev.flowback.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A function module's deployable artifact, as sam deploys it: the folder functions/&lt;module&gt;/target/lambda
 * (built by the module's lambda-artifact profile, the same build template.yaml's makefile runs) or a folder of
 * sam's output (.aws-sam/build/&lt;LogicalId&gt;). It holds the module's classes at its root and the shrunk runtime
 * jars in lib/, which is the class path the Lambda Java runtime gives the handler.
 *
 * <p>For the cold-start harness: {@code DeployedArtifact.of(root, "switch").classpath()} launches a fresh JVM on
 * exactly what is deployed.
 */
public record DeployedArtifact(String module, Path folder) {

    /** The module's artifact, built first (mvn -Dflowback.lambdaArtifact package) when it is missing. */
    public static DeployedArtifact of(Path root, String module) {
        Path folder = root.resolve("functions").resolve(module).resolve("target/lambda");
        if (!Files.isDirectory(folder.resolve("lib"))) {
            build(root, module);
        }
        return new DeployedArtifact(module, folder);
    }

    /** An artifact folder sam built (.aws-sam/build/&lt;LogicalId&gt;). */
    public static DeployedArtifact at(String name, Path folder) {
        return new DeployedArtifact(name, folder);
    }

    /** Builds the module's artifact with Maven (its libraries must be installed: mvn install). */
    public static void build(Path root, String module) {
        System.out.println("building the " + module + " artifact (mvn package -Dflowback.lambdaArtifact)...");
        try {
            Process mvn = new ProcessBuilder("mvn", "-B", "-q", "package", "-DskipTests", "-Dcheckstyle.skip",
                    "-Dflowback.lambdaArtifact").directory(root.resolve("functions").resolve(module).toFile())
                    .inheritIO().start();
            if (!mvn.waitFor(15, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
                throw new IllegalStateException("building the " + module + " artifact failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The class path the Lambda runtime gives the handler: the folder, then every jar in lib/. */
    public String classpath() {
        List<String> entries = new ArrayList<>();
        entries.add(folder.toAbsolutePath().toString());
        try (Stream<Path> jars = Files.list(folder.resolve("lib"))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                    .forEach(p -> entries.add(p.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Bytes of the zip sam package uploads: every file of the folder, deflated at the default level. */
    public long zippedSize() {
        return zippedSize(List.of(new Entry(folder, "")));
    }

    /** What sam's own Maven build deployed before: target/classes at the root, the unshrunk jars in lib/. */
    public long zippedSizeBefore(Path root) {
        Path target = root.resolve("functions").resolve(module).resolve("target");
        Path jars = target.resolve("lambda-dependencies");
        if (!Files.isDirectory(jars)) {
            throw new IllegalStateException("no " + jars + ": build the artifact with -Dflowback.lambdaArtifact");
        }
        return zippedSize(List.of(new Entry(target.resolve("classes"), ""), new Entry(jars, "lib/")));
    }

    private record Entry(Path folder, String prefix) {
    }

    private static long zippedSize(List<Entry> entries) {
        CountingStream counter = new CountingStream();
        try (ZipOutputStream zip = new ZipOutputStream(counter)) {
            for (Entry entry : entries) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(entry.folder())) {
                    files = walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().equals(".lambda-artifact-inputs"))
                            .sorted().toList();
                }
                for (Path file : files) {
                    zip.putNextEntry(new ZipEntry(entry.prefix() + entry.folder().relativize(file)));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    private static final class CountingStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
