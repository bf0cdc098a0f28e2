package dev.flowback.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class that talks to one local stack with the API in front ({@link ApiFixture}), started before the class's
 * first test (before the subclass's own {@code @BeforeAll}) and closed after its last.
 */
abstract class OnApiStack {
    static ApiFixture stack;

    @BeforeAll
    static void startStack() {
        stack = new ApiFixture();
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }
}
