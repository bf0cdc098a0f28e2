package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalToolingTest {

    @Test
    void findsTheCheckoutAndItsInstalledTooling() {
        LocalTooling tooling = LocalTooling.get();

        assertTrue(Files.isRegularFile(tooling.nodeDir().resolve("package-lock.json")));
        assertTrue(Files.isDirectory(tooling.nodeModules().resolve("aws-local-stepfunctions")));
        assertTrue(Files.isDirectory(tooling.nodeModules().resolve("dynalite")));
        assertTrue(Files.isExecutable(tooling.bin("asl-validator")));
    }

    @Test
    void preloadsThePolyfillOnlyWhereNodeLacksPromiseWithResolvers() {
        LocalTooling tooling = LocalTooling.get();
        List<String> command = tooling.nodeCommand(tooling.script("execution-host.js"), "--flag");

        boolean polyfilled = command.contains(tooling.script("polyfill.js").toString());
        assertEquals(tooling.nodeMajorVersion() < 22, polyfilled);
        assertEquals("--flag", command.get(command.size() - 1));
        assertTrue(tooling.nodeMajorVersion() >= 20, "Node 20 or newer is required");
    }
}
