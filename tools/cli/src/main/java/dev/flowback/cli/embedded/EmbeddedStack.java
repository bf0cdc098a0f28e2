package dev.flowback.cli.embedded;

import dev.flowback.core.definition.DocumentInput;
import dev.flowback.sandbox.LocalStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the in-memory stack (S3Proxy + dynalite, gone when the command ends) and reads definition files. */
public final class EmbeddedStack {
    private EmbeddedStack() {
    }

    public static LocalStorage start(PrintStream out) {
        long started = System.nanoTime();
        LocalStorage stack = LocalStorage.start();
        out.printf("Local stack up in %d ms (S3Proxy %s, dynalite %s)%n", (System.nanoTime() - started) / 1_000_000,
                stack.settings().endpoint("s3").orElseThrow(), stack.settings().endpoint("dynamodb").orElseThrow());
        return stack;
    }

    /** A definition file's bytes; a missing or unreadable file is the caller's mistake (a usage error). */
    public static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return DocumentInput.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
