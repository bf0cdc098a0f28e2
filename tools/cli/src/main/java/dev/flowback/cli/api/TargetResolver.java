package dev.flowback.cli.api;

import dev.flowback.cli.CliFailure;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.local.LocalEndpoints;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/**
 * Decides which API a command talks to: {@code --api URL}, {@code --stack NAME} (its ApiUrl output) or
 * {@code --local} (the local stack's state file), else the profile's default. The profile is the file FLOWBACK_PROFILE
 * names, or {@code ~/.flowback/config}: {@code key = value} lines with one of {@code api}, {@code stack} or
 * {@code local = true}, and optionally {@code region}.
 */
public final class TargetResolver {
    public static final String PROFILE_VARIABLE = "FLOWBACK_PROFILE";
    public static final String DEFAULT_PROFILE = ".flowback/config";

    private final CliSettings settings;

    public TargetResolver(CliSettings settings) {
        this.settings = settings;
    }

    /** What the command line named; every field may be null. */
    public record Named(URI api, String stack, boolean local, String region) {
        boolean any() {
            return api != null || stack != null || local;
        }
    }

    public ApiTarget resolve(Named flags) {
        Named named = flags.any() ? flags : profile().orElseThrow(() -> new CliFailure(Exit.USAGE,
                "no API to talk to: no --stack, --api or --local, and no profile at " + profilePath(),
                "pass --stack NAME (a deployed stack), --api URL or --local, or write a default in "
                        + profilePath() + " (for example: stack = flowback)"));
        String regionName = flags.region() != null ? flags.region() : named.region();
        if (named.local()) {
            return local();
        }
        Region region = region(regionName);
        if (named.api() != null) {
            return new ApiTarget(named.api(), region, settings.credentials(), "--api " + named.api()
                    + regionFlag(flags), ApiTarget.Kind.URL);
        }
        URI url = StackOutputs.apiUrl(named.stack(), region, settings.credentials(),
                settings.cloudFormationEndpoint());
        return new ApiTarget(url, region, settings.credentials(), "--stack " + named.stack() + regionFlag(flags),
                ApiTarget.Kind.STACK);
    }

    private ApiTarget local() {
        Optional<LocalEndpoints> endpoints;
        try {
            endpoints = LocalEndpoints.read(settings.root());
        } catch (IllegalStateException e) {
            throw new CliFailure(Exit.UNREACHABLE, "the local stack's state is unreadable: " + e.getMessage(),
                    "start the local stack again (./flowback local up)", null, e);
        }
        LocalEndpoints local = endpoints.orElseThrow(() -> new CliFailure(Exit.UNREACHABLE,
                "the local stack is not running (no " + LocalEndpoints.file(settings.root()) + ")",
                "start it in another terminal with ./flowback local up, then run this command again"));
        if (!local.serverAlive()) {
            throw new CliFailure(Exit.UNREACHABLE, "the local stack is not running: its state file names process "
                    + local.pid() + ", which has ended", "start it again with ./flowback local up");
        }
        return new ApiTarget(local.apiUrl(), Region.of(local.region()), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(local.accessKeyId(), local.secretAccessKey())), "--local",
                ApiTarget.Kind.LOCAL);
    }

    private Region region(String named) {
        if (named != null) {
            return Region.of(named);
        }
        try {
            return settings.region().getRegion();
        } catch (SdkClientException e) {
            throw new CliFailure(Exit.USAGE, "no AWS region: none given with --region, in the profile, in"
                    + " AWS_REGION or in your AWS config", "pass --region (for example --region eu-west-1) or set"
                    + " AWS_REGION", null, e);
        }
    }

    private static String regionFlag(Named flags) {
        return flags.region() == null ? "" : " --region " + flags.region();
    }

    Path profilePath() {
        return settings.variable(PROFILE_VARIABLE).map(Path::of).orElse(settings.home().resolve(DEFAULT_PROFILE));
    }

    private Optional<Named> profile() {
        Path file = profilePath();
        if (!Files.isRegularFile(file)) {
            if (settings.variable(PROFILE_VARIABLE).isPresent()) {
                throw new CliFailure(Exit.USAGE, PROFILE_VARIABLE + " names " + file + ", which does not exist",
                        "point " + PROFILE_VARIABLE + " at a profile file, or unset it");
            }
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new CliFailure(Exit.USAGE, "cannot read the profile " + file + ": " + e.getMessage(),
                    "fix or remove the file", null, e);
        }
        String api = blank(p.getProperty("api"));
        String stack = blank(p.getProperty("stack"));
        boolean local = Boolean.parseBoolean(blank(p.getProperty("local")));
        int named = (api == null ? 0 : 1) + (stack == null ? 0 : 1) + (local ? 1 : 0);
        if (named != 1) {
            throw new CliFailure(Exit.USAGE, "the profile " + file + " must name exactly one of api, stack or"
                    + " local = true (it names " + named + ")", "keep one of those lines in " + file);
        }
        return Optional.of(new Named(api == null ? null : URI.create(api), stack, local,
                blank(p.getProperty("region"))));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
