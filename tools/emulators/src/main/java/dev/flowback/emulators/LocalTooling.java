package dev.flowback.emulators;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the repository's Node tooling lives (tools/node), made ready once per JVM: the first call to
 * {@link #get()} runs {@code tools/bin/ensure-node-tooling}, which installs tools/node/node_modules from the
 * committed lockfile when it is missing or stale.
 */
public final class LocalTooling {

    /** System property naming the repository root; surefire sets it from the parent pom. */
    public static final String ROOT_PROPERTY = "flowback.root";
    /** System property naming the node executable, for machines where it is not on the PATH. */
    public static final String NODE_PROPERTY = "flowback.node";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
    /** aws-local-stepfunctions 3 uses Promise.withResolvers, native from this Node major on. */
    private static final int FIRST_NODE_WITH_RESOLVERS = 22;

    private static LocalTooling instance;
    private static RuntimeException failure;

    private final Path root;
    private final String node;
    private final int nodeMajorVersion;

    private LocalTooling(Path root, String node, int nodeMajorVersion) {
        this.root = root;
        this.node = node;
        this.nodeMajorVersion = nodeMajorVersion;
    }

    /**
     * The tooling, installed if needed. A failed install is remembered, so a test run reports it once
     * per test class instead of re-running npm for each.
     */
    public static synchronized LocalTooling get() {
        if (instance == null && failure == null) {
            try {
                instance = prepare();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return instance;
    }

    public Path root() {
        return root;
    }

    /** tools/node: package.json, the lockfile and our own scripts. */
    public Path nodeDir() {
        return root.resolve("tools").resolve("node");
    }

    public Path nodeModules() {
        return nodeDir().resolve("node_modules");
    }

    /** A script of ours under tools/node, e.g. {@code script("execution-host.js")}. */
    public Path script(String fileName) {
        return nodeDir().resolve(fileName);
    }

    /** An npm-installed command under tools/node/node_modules/.bin, e.g. {@code bin("asl-validator")}. */
    public Path bin(String name) {
        return nodeModules().resolve(".bin").resolve(name);
    }

    public int nodeMajorVersion() {
        return nodeMajorVersion;
    }

    /** The command line that runs a Node script, with the polyfill preloaded where Node needs it. */
    public List<String> nodeCommand(Path script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(node);
        if (nodeMajorVersion < FIRST_NODE_WITH_RESOLVERS) {
            command.add("--require");
            command.add(script("polyfill.js").toString());
        }
        command.add(script.toString());
        command.addAll(List.of(args));
        return command;
    }

    private static LocalTooling prepare() {
        Path root = findRoot();
        install(root);
        String node = System.getProperty(NODE_PROPERTY, "node");
        return new LocalTooling(root, node, detectNodeMajorVersion(node, root));
    }

    /**
     * The property wins when it points at a checkout; otherwise walk up from the working directory.
     * Maven sets the property from the directory it was started in, which is a module, not the root,
     * when someone runs mvn inside a module.
     */
    static Path findRoot() {
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && isRoot(Path.of(property))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Flowback repository root: set -D" + ROOT_PROPERTY
                + " or run from inside the checkout (looked for tools/node/package.json above "
                + Path.of("").toAbsolutePath() + ")");
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("tools").resolve("node").resolve("package.json"));
    }

    private static void install(Path root) {
        Path script = root.resolve("tools").resolve("bin").resolve("ensure-node-tooling");
        ChildProcess process = ChildProcess.start("ensure-node-tooling", List.of(script.toString()), root, Map.of());
        process.sendAndCloseStdin(new byte[0]);
        ChildProcess.Exit exit = process.awaitExit(INSTALL_TIMEOUT);
        if (exit.code() != 0) {
            throw new IllegalStateException(script + " failed with exit code " + exit.code()
                    + " (is Node.js 20+ with npm installed, and the npm registry reachable?)\n"
                    + exit.stdout() + "\n" + exit.stderr());
        }
    }

    private static int detectNodeMajorVersion(String node, Path root) {
        ChildProcess process = ChildProcess.start("node --version", List.of(node, "--version"), root, Map.of());
        process.sendAndCloseStdin(new byte[0]);
        ChildProcess.Exit exit = process.awaitExit(VERSION_TIMEOUT);
        String version = exit.stdout().trim();
        if (exit.code() != 0 || !version.matches("v\\d+\\..*")) {
            throw new IllegalStateException("cannot tell the version of node ('" + node + "'): exit code "
                    + exit.code() + ", output '" + version + "', stderr: " + exit.stderr());
        }
        return Integer.parseInt(version.substring(1, version.indexOf('.')));
    }
}
