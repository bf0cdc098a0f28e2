package dev.flowback.emulators;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

final class TestFiles {

    private TestFiles() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(TestFiles.class.getResource(name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
