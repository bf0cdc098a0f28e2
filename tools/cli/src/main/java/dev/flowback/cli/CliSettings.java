package dev.flowback.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * What a CLI run gets from its surroundings, read once at the edge: where it prints, the repository root (the local
 * stack's state file lives below it), the environment variables and home directory (NO_COLOR, FLOWBACK_PROFILE,
 * ~/.flowback/config), whether stdout is a terminal, and the AWS credential and region chains. {@link #system()}
 * is the real process; tests build one with their own streams and chains instead of mutating the JVM's.
 *
 * @param cloudFormationEndpoint where DescribeStacks goes instead of AWS (tests against moto); the SDK itself also
 *                               honours AWS_ENDPOINT_URL_CLOUDFORMATION in a real run
 * @param pollInterval           how often {@code --wait} asks the API where a rollback stands
 */
public record CliSettings(PrintStream out, PrintStream err, Path root, Map<String, String> env, Path home,
                          boolean terminal, AwsCredentialsProvider credentials, AwsRegionProvider region,
                          Optional<URI> cloudFormationEndpoint, Duration pollInterval) {

    public static CliSettings system() {
        Path root = Path.of(System.getProperty("flowback.root", ".")).toAbsolutePath().normalize();
        return new CliSettings(new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8), root, System.getenv(),
                Path.of(System.getProperty("user.home")), System.console() != null,
                DefaultCredentialsProvider.builder().build(), DefaultAwsRegionProviderChain.builder().build(),
                Optional.empty(), Duration.ofMillis(500));
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }

    /** Colour and other terminal decoration: only on a terminal, and never when NO_COLOR is set (no-color.org). */
    public boolean colour() {
        return terminal && !env.containsKey("NO_COLOR");
    }
}
