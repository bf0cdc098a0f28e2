package dev.flowback.cli.command;

import dev.flowback.cli.api.TargetResolver;
import java.net.URI;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options every API command takes: which API (one of three ways, or the profile's), the region, the output. */
public final class TargetOptions {
    @ArgGroup(exclusive = true)
    Target target = new Target();

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region of the stack or API (default: the SDK's region chain: AWS_REGION, your AWS"
                    + " profile, instance metadata)")
    String region;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default, for people) or json (the API's JSON, for scripts)")
    Format output;

    /** How to print: for people, or the API's own JSON. */
    public enum Format {
        TABLE, JSON
    }

    /** The three ways to name the API; none means the profile's default. */
    static final class Target {
        @Option(names = "--stack", paramLabel = "NAME",
                description = "a deployed Flowback stack: its API URL is read from the stack's ApiUrl output")
        String stack;

        @Option(names = "--api", paramLabel = "URL", description = "the API's base URL (stage included)")
        URI api;

        @Option(names = "--local", description = "the local stack started by ./flowback local up")
        boolean local;
    }

    TargetResolver.Named named() {
        return new TargetResolver.Named(target.api, target.stack, target.local, region);
    }

    boolean json() {
        return output == Format.JSON;
    }
}
