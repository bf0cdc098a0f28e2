package dev.flowback.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Runs the CLI in-process as a user would run it, with its surroundings given: the repository root, the home
 * directory, environment variables, whether stdout is a terminal, the credentials and the region the SDK's chains
 * would find. What it printed comes back with the exit code.
 */
final class Cli {
    private Path root;
    private Path home;
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean terminal;
    private AwsCredentialsProvider credentials = StaticCredentialsProvider.create(LocalApi.CREDENTIALS);
    private Region region = Region.of(LocalApi.REGION);
    private URI cloudFormation;

    Cli(Path root, Path home) {
        this.root = root;
        this.home = home;
    }

    Cli terminal(boolean isTerminal) {
        this.terminal = isTerminal;
        return this;
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli credentials(AwsCredentialsProvider provider) {
        this.credentials = provider;
        return this;
    }

    Cli cloudFormation(URI endpoint) {
        this.cloudFormation = endpoint;
        return this;
    }

    Cli root(Path path) {
        this.root = path;
        return this;
    }

    /** What a run printed and how it ended. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliSettings settings = new CliSettings(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), root, Map.copyOf(env), home, terminal,
                credentials, () -> region, Optional.ofNullable(cloudFormation), Duration.ofMillis(50));
        int exit = FlowbackCli.run(settings, args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
