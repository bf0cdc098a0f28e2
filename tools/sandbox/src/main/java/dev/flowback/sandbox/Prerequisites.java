package dev.flowback.sandbox;

import dev.flowback.emulators.LocalTooling;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local stack needs from the machine, checked before anything starts so a missing piece is one clear
 * message rather than a component failing half-way: Java 17+, Node 20+ (dynalite, aws-local-stepfunctions),
 * Python 3.9+ (moto's server), and the fixed storage ports free on loopback.
 */
final class Prerequisites {
    static final int JAVA = 17;
    static final int NODE = 20;
    static final int PYTHON_MINOR = 9;
    private static final Pattern PYTHON_VERSION = Pattern.compile("Python 3\\.(\\d+)");

    private Prerequisites() {
    }

    /** Throws IllegalStateException listing every unmet prerequisite with what to do about it. */
    static void check(LocalStack.Config config) {
        List<String> problems = new ArrayList<>();
        int java = Runtime.version().feature();
        if (java < JAVA) {
            problems.add("Java " + JAVA + " or later is needed; this is Java " + java + " (set JAVA_HOME)");
        }
        try {
            int node = LocalTooling.get().nodeMajorVersion();
            if (node < NODE) {
                problems.add("Node " + NODE + " or later is needed; found Node " + node);
            }
        } catch (RuntimeException e) {
            problems.add("Node " + NODE + "+ with tools/node's packages is needed: " + e.getMessage()
                    + " (install Node, then run tools/bin/ensure-node-tooling)");
        }
        String python = pythonVersion();
        Matcher m = PYTHON_VERSION.matcher(python);
        if (!m.find() || Integer.parseInt(m.group(1)) < PYTHON_MINOR) {
            problems.add("python3 3." + PYTHON_MINOR + " or later is needed for moto's server; found: "
                    + (python.isBlank() ? "no python3 on PATH" : python.strip()));
        }
        for (int port : new int[] {config.s3Port(), config.dynamoPort()}) {
            if (port != 0 && !free(port)) {
                problems.add("port " + port + " on 127.0.0.1 is in use (another `flowback local up`? stop it with"
                        + " `./flowback local down`)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the local stack cannot start:\n  - " + String.join("\n  - ", problems));
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String pythonVersion() {
        try {
            Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(10, TimeUnit.SECONDS) ? text : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
