package dev.flowback.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Lints ASL files with asl-validator, the checker aws-local-stepfunctions also applies. */
public final class AslValidator {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private AslValidator() {
    }

    /**
     * @throws AslValidationError with asl-validator's report when the definition is invalid
     */
    public static void validate(Path aslFile) {
        LocalTooling tooling = LocalTooling.get();
        List<String> command = List.of(tooling.bin("asl-validator").toString(),
                "--json-path", aslFile.toAbsolutePath().toString());
        ChildProcess process = ChildProcess.start("asl-validator", command, tooling.nodeDir(), Map.of());
        process.sendAndCloseStdin(new byte[0]);
        ChildProcess.Exit exit = process.awaitExit(TIMEOUT);
        if (exit.code() != 0) {
            throw new AslValidationError("asl-validator rejected " + aslFile + " (exit code " + exit.code()
                    + "):\n" + (exit.stdout() + "\n" + exit.stderr()).strip());
        }
    }

    /**
     * Validates the file as deployed: with its {@code ${...}} tokens replaced first, since a token is
     * not a valid ARN.
     */
    public static void validate(Path aslFile, Map<String, String> substitutions) {
        Path substituted = null;
        try {
            String definition = Files.readString(aslFile, StandardCharsets.UTF_8);
            substituted = Files.createTempFile("flowback-asl-", ".json");
            Files.writeString(substituted, DefinitionSubstitutions.apply(definition, substitutions));
            try {
                validate(substituted);
            } catch (AslValidationError e) {
                throw new AslValidationError(e.getMessage().replace(substituted.toString(), aslFile.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + aslFile + " for validation", e);
        } finally {
            deleteQuietly(substituted);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stray file in the temp directory is harmless; the validation result is what matters.
        }
    }
}
