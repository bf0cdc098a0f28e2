package dev.flowback.lambda.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import proguard.Configuration;
import proguard.ConfigurationParser;
import proguard.ProGuard;

/**
 * Builds what sam deploys for one function module: the module's classes at the artifact's root and its runtime jars
 * under lib/ (the layout of sam's own Maven build), with the AWS SDK shrunk by ProGuard to what the function's code
 * reaches. Shrinking only: no obfuscation, no optimisation, every class outside the SDK kept whole (Flowback's
 * handlers and payload records, Jackson, the Lambda libraries), so nothing that is loaded by name or read by
 * reflection outside the SDK can go missing. Inside the SDK, the entry points it finds by name are kept from the
 * jars' own declarations: ServiceLoader files (the url-connection HTTP service, warm-up providers, the shaded
 * Jackson factory), execution.interceptors files, and the GraalVM reflection metadata the SDK ships for native
 * images; the rules in lambda-artifact.pro add enum values and the attributes Jackson reads.
 *
 * <p>Usage: {@code LambdaArtifact <classes dir> <runtime jars dir> <artifact dir>}; the artifact dir is replaced.
 */
public final class LambdaArtifact {
    /** The inputs' fingerprint, beside the artifact (a few bytes sam deploys with it). */
    static final String STAMP = ".lambda-artifact-inputs";
    private static final Pattern CLASS_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([\\w$]+(?:\\.[\\w$]+)+)\"");

    private LambdaArtifact() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: LambdaArtifact <classes dir> <runtime jars dir> <artifact dir>"
                    + " <packaging>");
        }
        if (args[3].equals("pom")) {
            // functions/pom.xml's profile is inherited by its modules and applies to the parent itself, which
            // deploys nothing.
            return;
        }
        Path classes = Path.of(args[0]);
        List<Path> jars;
        try (Stream<Path> listing = Files.list(Path.of(args[1]))) {
            jars = listing.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        long started = System.nanoTime();
        build(classes, jars, Path.of(args[2]));
        System.out.printf("lambda artifact: %s (%d jars shrunk in %.1f s)%n", args[2], jars.size(),
                (System.nanoTime() - started) / 1e9);
    }

    /** Shrinks {@code classes} and {@code jars} into {@code artifact} (replaced): classes at the root, jars in lib/. */
    public static void build(Path classes, List<Path> jars, Path artifact) throws Exception {
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException("no classes directory at " + classes + " (compile the module first)");
        }
        String fingerprint = fingerprint(classes, jars);
        Path stamp = artifact.resolve(STAMP);
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(fingerprint)) {
            System.out.println("lambda artifact: " + artifact + " is up to date (same classes, jars and rules)");
            return;
        }
        delete(artifact);
        Files.createDirectories(artifact.resolve("lib"));
        StringBuilder rules = new StringBuilder();
        rules.append("-injars ").append(quoted(classes)).append('\n');
        rules.append("-outjars ").append(quoted(artifact)).append('\n');
        Set<String> entryPoints = new TreeSet<>();
        for (Path jar : jars) {
            // Multi-release and module descriptors are left out: Lambda runs the classpath, never the module path.
            rules.append("-injars ").append(quoted(jar)).append("(!META-INF/versions/**,!module-info.class)\n");
            rules.append("-outjars ").append(quoted(artifact.resolve("lib").resolve(jar.getFileName()))).append('\n');
            entryPoints.addAll(namedEntryPoints(jar));
        }
        for (Path module : jdkModules()) {
            rules.append("-libraryjars ").append(quoted(module)).append("(!**.jar;!module-info.class)\n");
        }
        rules.append(standardRules());
        for (String name : entryPoints) {
            rules.append("-keep class ").append(name).append(" { *; }\n");
        }
        Path config = Files.createTempFile("lambda-artifact", ".pro");
        try {
            Files.writeString(config, rules);
            Configuration configuration = new Configuration();
            try (ConfigurationParser parser = new ConfigurationParser(config.toFile(), System.getProperties())) {
                parser.parse(configuration);
            }
            new ProGuard(configuration).execute();
        } finally {
            Files.deleteIfExists(config);
        }
        try (Stream<Path> shrunk = Files.list(artifact.resolve("lib"))) {
            for (Path jar : shrunk.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                normalise(jar);
            }
        }
        Files.writeString(stamp, fingerprint);
    }

    /**
     * The time every entry of a shrunk jar carries: the zip format's earliest, set as a local date-time so that the
     * bytes do not depend on the build machine's time zone.
     */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0, 2);
    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    /**
     * Rewrites {@code jar} with its entries in name order and a fixed time. ProGuard stamps what it writes with the
     * build's time, so two builds of the same code gave different bytes: every deploy would then publish a new
     * version of every function (and SnapStart would take every snapshot again) although nothing changed.
     */
    static void normalise(Path jar) throws IOException {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".normalised");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            // The manifest first, as jar readers that stream (JarInputStream) expect it; then name order.
            List<String> names = new ArrayList<>(entries.keySet());
            if (names.remove(MANIFEST)) {
                names.add(0, MANIFEST);
            }
            for (String name : names) {
                ZipEntry copy = new ZipEntry(name);
                copy.setTimeLocal(ENTRY_TIME);
                out.putNextEntry(copy);
                out.write(entries.get(name));
                out.closeEntry();
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * SHA-256 over the rules and every input file's name and bytes: a build of the same inputs (sam builds each
     * function in a fresh copy of its module, five functions share the pause module) reuses the artifact, never a
     * stale one.
     */
    static String fingerprint(Path classes, List<Path> jars) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(standardRules().getBytes(StandardCharsets.UTF_8));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path file : files) {
            digest.update(classes.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(file));
        }
        for (Path jar : jars) {
            digest.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(jar));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The SDK classes a jar names for loading by name: implementations in META-INF/services files and
     * execution.interceptors files, and the classes of its GraalVM reflect-config.json.
     */
    static Set<String> namedEntryPoints(Path jar) {
        Set<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String path = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (path.startsWith("META-INF/services/") || path.endsWith("/execution.interceptors")) {
                    for (String line : read(zip, entry).split("\n")) {
                        String name = line.replaceAll("#.*", "").strip();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                    if (path.startsWith("META-INF/services/")) {
                        names.add(path.substring("META-INF/services/".length()));
                    }
                } else if (path.startsWith("META-INF/native-image/") && path.endsWith("reflect-config.json")) {
                    Matcher m = CLASS_NAME.matcher(read(zip, entry));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return names;
    }

    private static String read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String standardRules() throws IOException {
        try (InputStream in = LambdaArtifact.class.getResourceAsStream("lambda-artifact.pro")) {
            if (in == null) {
                throw new IllegalStateException("lambda-artifact.pro is missing from the tool's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The JDK modules the shrunk code is checked against (library classes: read, never written). Not all ~70: reading
     * every jmod was most of ProGuard's time. These are the modules the functions' jars reach ({@code jdeps
     * --print-module-deps} over them says java.base, java.desktop, java.net.http and java.sql) and those the SDK and
     * the Lambda libraries may implement interfaces of (XML, logging, naming, management, sun.misc): a library
     * interface ProGuard cannot see could let it drop an SDK method that overrides it.
     */
    static final List<String> JDK_MODULES = List.of("java.base", "java.datatransfer", "java.desktop", "java.logging",
            "java.management", "java.naming", "java.net.http", "java.sql", "java.xml", "jdk.unsupported");

    private static List<Path> jdkModules() {
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (!Files.isDirectory(jmods)) {
            throw new IllegalStateException("the JDK at " + System.getProperty("java.home") + " has no jmods/ folder;"
                    + " ProGuard needs the JDK's classes: build with a full JDK (one with jmods)");
        }
        return JDK_MODULES.stream().map(name -> jmods.resolve(name + ".jmod")).filter(Files::isRegularFile).toList();
    }

    private static String quoted(Path path) {
        return "'" + path.toAbsolutePath() + "'";
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.delete(paths.get(i));
        }
    }
}
