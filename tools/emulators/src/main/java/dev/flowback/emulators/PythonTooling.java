package dev.flowback.emulators;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The venvs of the Python tools under tools/python (moto, the Dify stand-in), each built by
 * {@code tools/bin/ensure-python-tooling <tool>} from its pinned requirements: minutes once per checkout, a cheap
 * no-op when current. Asked once per tool and JVM; a failure is kept and thrown again, so a missing Python does not
 * cost every test class the install's timeout.
 */
final class PythonTooling {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    private static final Map<String, Path> BINS = new HashMap<>();
    private static final Map<String, RuntimeException> FAILURES = new HashMap<>();

    private PythonTooling() {
    }

    /** The venv's bin directory of {@code tool}, built or refreshed first when needed. */
    static synchronized Path bin(String tool) {
        if (!BINS.containsKey(tool) && !FAILURES.containsKey(tool)) {
            try {
                BINS.put(tool, install(tool));
            } catch (RuntimeException e) {
                FAILURES.put(tool, e);
            }
        }
        if (FAILURES.containsKey(tool)) {
            throw FAILURES.get(tool);
        }
        return BINS.get(tool);
    }

    private static Path install(String tool) {
        Path root = LocalTooling.findRoot();
        Path script = root.resolve("tools").resolve("bin").resolve("ensure-python-tooling");
        ChildProcess install = ChildProcess.start("ensure-python-tooling " + tool, List.of(script.toString(), tool),
                root, Map.of());
        install.sendAndCloseStdin(new byte[0]);
        ChildProcess.Exit exit = install.awaitExit(INSTALL_TIMEOUT);
        String[] lines = exit.stdout().strip().split("\n");
        if (exit.code() != 0 || lines[lines.length - 1].isBlank()) {
            throw new IllegalStateException(script + " " + tool + " failed with exit code " + exit.code()
                    + " (is Python 3.11+ with venv installed, and PyPI reachable?)\n" + exit.stderr());
        }
        // The script's last line is the bin directory; pip may have printed before it.
        return Path.of(lines[lines.length - 1].strip());
    }
}
