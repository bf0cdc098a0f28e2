package dev.flowback.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share one local stack with the API in front (started once per class). */
abstract class OnLocalApi {
    static LocalApi stack;

    @TempDir
    Path home;

    @BeforeAll
    static void startStack() {
        stack = new LocalApi();
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }
}
