package dev.flowback.cli.command;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and its deadline, for the commands that can follow a rollback to its end. */
final class WaitOptions {
    @Option(names = "--wait", description = "follow the rollback to its end, step by step")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "with --wait: give up waiting after this long (default 900)")
    long timeoutSeconds;

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}
