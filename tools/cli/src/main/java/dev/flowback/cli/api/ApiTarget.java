package dev.flowback.cli.api;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The API a command talks to and how to sign for it.
 *
 * @param baseUrl  the stage URL, e.g. {@code https://abc.execute-api.eu-west-1.amazonaws.com/v1}
 * @param flags    the command-line flags that reach this target again ({@code --stack prod}), for the follow-up
 *                 commands the CLI prints
 * @param kind     how it was found, which decides what an unreachable API most likely means
 */
public record ApiTarget(URI baseUrl, Region region, AwsCredentialsProvider credentials, String flags, Kind kind) {

    /** How the target was named. */
    public enum Kind {
        /** {@code --api URL} or a profile's {@code api}. */
        URL,
        /** {@code --stack NAME}: the URL came from the stack's ApiUrl output. */
        STACK,
        /** {@code --local}: the URL came from the local stack's state file. */
        LOCAL
    }
}
