package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands against the real API function on the local stack (LocalApiServer over S3Proxy and
 * dynalite, rollbacks through the real state machine on aws-local-stepfunctions), every request SigV4-signed and
 * its signature re-computed and compared by the server side.
 */
class ApiCommandsTest extends OnLocalApi {
    static final Path ROOT = Path.of(System.getProperty("flowback.root", "..")).toAbsolutePath().normalize();
    static final Path EXAMPLES = ROOT.resolve("examples/support-triage");

    private Cli cli() {
        return new Cli(home, home);
    }

    /** The command with {@code --api URL} appended; asserts the exit code. */
    private Cli.Result api(int exit, String... args) {
        return expect(exit, cli().run(withApi(args)));
    }

    private String[] withApi(String... args) {
        String[] line = java.util.Arrays.copyOf(args, args.length + 2);
        line[args.length] = "--api";
        line[args.length + 1] = stack.url().toString();
        return line;
    }

    static Cli.Result expect(int exit, Cli.Result result) {
        assertEquals(exit, result.exit(), result.toString());
        return result;
    }

    /** A workflow with v1.0.0 to v1.2.0 of the example published, and an environment prod. */
    private String workflowWithProd(String stem) {
        String wf = LocalApi.workflow(stem);
        for (String v : List.of("v1.0.0", "v1.1.0", "v1.2.0")) {
            api(0, "versions", "publish", wf, EXAMPLES.resolve(v + ".json").toString(), "--version", v,
                    "--summary", "example " + v);
        }
        api(0, "env", "create", wf, "--env", "prod", "--engine", "flowback-engine", "--engine-version", "2.4.1",
                "--alarm", wf + "-errors", "--verification-window", "2", "--check-interval", "1");
        stack.health.answerHealthy(wf, 0.004, 300);
        return wf;
    }

    @Test
    void publishListShowAndDiffVersions() {
        String wf = LocalApi.workflow("versions");
        Cli.Result published = api(0, "versions", "publish", wf, EXAMPLES.resolve("v1.0.0.json").toString(),
                "--summary", "first release");
        assertTrue(published.out().matches("(?s)published " + wf + "/v1 \\(seq 1, \\d+ bytes, format flowback.*"),
                published.toString());
        api(0, "versions", "publish", wf, EXAMPLES.resolve("v1.1.0.json").toString(), "--version", "v1.1.0");

        String list = api(0, "versions", "list", wf).out();
        assertTrue(list.matches("(?s)VERSION +SEQ +STATUS +CREATED +AUTHOR +SHA256 +SUMMARY\n"
                + "v1\\.1\\.0 +2 +CANDIDATE .*\nv1 +1 +CANDIDATE .*first release\n"), list);
        assertFalse(list.contains("\u001b["), "no colour when stdout is not a terminal: " + list);

        String show = api(0, "versions", "show", wf, "v1.1.0").out();
        assertTrue(show.contains("parent_version:   v1\n"), show);
        assertTrue(show.contains("author:           " + "arn:aws:iam::123456789012:user/local-developer"), show);
        String definition = api(0, "versions", "show", wf, "v1", "--definition").out();
        assertEquals(readString(EXAMPLES.resolve("v1.0.0.json")), definition);

        String diff = api(0, "versions", "diff", wf, "v1", "v1.1.0").out();
        assertTrue(diff.contains("+ node \"Bug queue\" (bug-queue) (http)"), diff);
        assertTrue(stack.signatures.refused.isEmpty(), "every request verified: " + stack.signatures.refused);
    }

    @Test
    void everyRequestCarriesAWellFormedSigV4Authorization() {
        int before = stack.signatures.verified.size();
        api(5, "versions", "list", LocalApi.workflow("signed"));
        String authorization = stack.signatures.verified.get(before);
        Matcher m = SignatureCheck.AUTHORIZATION.matcher(authorization);
        assertTrue(m.matches(), authorization);
        assertEquals(LocalApi.CREDENTIALS.accessKeyId(), m.group(1));
        assertEquals("us-east-1", m.group(3));
        assertEquals("execute-api", m.group(4));
        assertTrue(List.of(m.group(5).split(";")).containsAll(List.of("accept", "host", "x-amz-date")), m.group(5));
    }

    @Test
    void aWrongSecretIsRefusedByTheSignatureCheck() {
        Cli.Result result = expect(3, cli().credentials(() -> software.amazon.awssdk.auth.credentials
                .AwsBasicCredentials.create(LocalApi.CREDENTIALS.accessKeyId(), "not-the-secret"))
                .run(withApi("versions", "list", "any")));
        assertTrue(result.err().contains("error: refused (403 auth.denied, field Authorization): The request"
                + " signature we calculated does not match"), result.toString());
        assertTrue(result.err().contains("next: check that your credentials may call this API"
                + " (execute-api:Invoke)"), result.toString());
    }

    @Test
    void diffIsColouredOnATerminalAndPlainWithNoColor() {
        String wf = LocalApi.workflow("colour");
        api(0, "versions", "publish", wf, EXAMPLES.resolve("v1.0.0.json").toString());
        api(0, "versions", "publish", wf, EXAMPLES.resolve("v1.1.0.json").toString());
        String coloured = expect(0, cli().terminal(true).run(withApi("versions", "diff", wf, "v1", "v2"))).out();
        assertTrue(coloured.contains("\u001b[32m+ node \"Bug queue\" (bug-queue) (http)\u001b[0m"), coloured);
        assertTrue(coloured.contains("\u001b[31m- edge \"Route\""), coloured);
        String noColor = expect(0, cli().terminal(true).env("NO_COLOR", "1")
                .run(withApi("versions", "diff", wf, "v1", "v2"))).out();
        assertFalse(noColor.contains("\u001b["), noColor);
        assertTrue(noColor.contains("\n+ node \"Bug queue\""), noColor);
    }

    @Test
    void jsonOutputIsTheApisJson() throws IOException {
        String wf = LocalApi.workflow("json");
        JsonNode published = json(api(0, "versions", "publish", wf, EXAMPLES.resolve("v1.0.0.json").toString(),
                "-o", "json").out());
        assertEquals("v1", published.path("version_id").asText());
        JsonNode page = json(api(0, "versions", "list", wf, "--output", "json").out());
        assertEquals(1, page.path("versions").size());
        assertEquals(published.path("sha256"), page.path("versions").get(0).path("sha256"));
        JsonNode diff = json(api(0, "versions", "diff", wf, "v1", "v1", "-o", "json").out());
        assertTrue(diff.isObject(), diff.toString());

        Cli.Result refused = api(5, "versions", "show", wf, "v9", "-o", "json");
        JsonNode error = json(refused.out());
        assertEquals("not_found", error.path("error").path("code").asText(), refused.toString());
        assertTrue(refused.err().contains("next: "), refused.toString());
    }

    @Test
    void environmentCreateShowAndSetKeepingWhatIsNotGiven() throws IOException {
        String wf = workflowWithProd("env");
        String shown = api(0, "env", "show", wf, "--env", "prod").out();
        assertTrue(shown.contains("live:             - (revision 0"), shown);
        assertTrue(shown.contains("health:           alarms [\"" + wf + "-errors\"]"), shown);
        assertTrue(shown.contains("gate:             OPEN"), shown);

        String set = api(0, "env", "set", wf, "--env", "prod", "--error-rate", "0.02").out();
        assertTrue(set.startsWith("updated " + wf + "/prod (health)"), set);
        JsonNode env = json(api(0, "env", "show", wf, "-e", "prod", "-o", "json").out());
        assertEquals(0.02, env.path("health").path("error_rate_threshold").asDouble());
        assertEquals(wf + "-errors", env.path("health").path("alarm_names").get(0).asText(),
                "the alarms stay: only the option given changes");
        assertEquals(2, env.path("rollout").path("verification_window_seconds").asInt());

        Cli.Result nothing = api(2, "env", "set", wf, "--env", "prod");
        assertTrue(nothing.err().contains("env set was given no setting to change"), nothing.toString());
    }

    @Test
    void rollbackWaitShowsEachStepAndEndsSucceeded() {
        String wf = workflowWithProd("rollback");
        Cli.Result first = api(0, "rollback", wf, "--env", "prod", "--to", "v1.1.0", "--reason", "first deploy",
                "--wait");
        String out = first.out();
        for (String step : List.of("snapshot", "validate", "pause", "switch", "verify")) {
            // validate keeps no audit entry: it is done when pause shows, and has no duration of its own.
            assertTrue(out.matches("(?s).*\\[ *\\d+\\.\\ds] " + step + " +started\n.*\\[ *\\d+\\.\\ds] " + step
                    + " +done" + (step.equals("validate") ? "\n" : " \\d+ ms ") + ".*"), step + " started and done in "
                    + out);
        }
        assertTrue(out.matches("(?s).*SUCCEEDED: - → v1\\.1\\.0.*"), out);

        api(0, "rollback", wf, "--env", "prod", "--to", "v1.2.0", "--wait");
        String dryRun = api(0, "rollback", wf, "--env", "prod", "--to", "last-known-good", "--dry-run").out();
        assertTrue(dryRun.contains("dry run: would switch " + wf + "/prod from v1.2.0 to v1.1.0"), dryRun);
        assertTrue(dryRun.contains("nothing was changed"), dryRun);

        String back = api(0, "rollback", wf, "--env", "prod", "--to", "previous", "--wait").out();
        assertTrue(back.contains("SUCCEEDED: v1.2.0 → v1.1.0"), back);
        String env = api(0, "env", "show", wf, "--env", "prod").out();
        assertTrue(env.contains("live:             v1.1.0 (revision 3"), env);
    }

    @Test
    void rollbackWithoutWaitPrintsHowToFollowItAndStatusFollowsIt() throws IOException {
        String wf = workflowWithProd("status");
        String started = api(0, "rollback", wf, "--env", "prod", "--to", "v1.0.0").out();
        Matcher follow = Pattern.compile("follow it: flowback status (\\S+) --workflow " + wf + " --env prod --api "
                + Pattern.quote(stack.url().toString()) + " --wait").matcher(started);
        assertTrue(follow.find(), started);
        String id = follow.group(1);
        String waited = expect(0, cli().run(("status " + id + " --workflow " + wf + " --env prod --api "
                + stack.url() + " --wait").split(" "))).out();
        assertTrue(waited.contains("SUCCEEDED: - → v1.0.0"), waited);

        String byPath = api(0, "status", "/workflows/" + wf + "/environments/prod/rollbacks/" + id).out();
        assertTrue(byPath.contains("status:           SUCCEEDED"), byPath);
        assertTrue(byPath.matches("(?s).*STEP +AT +MS +RESULT\nsnapshot .*\nverify .*"), byPath);
        JsonNode view = json(api(0, "status", id, "-w", wf, "-e", "prod", "-o", "json").out());
        assertEquals("SUCCEEDED", view.path("status").asText());

        // Started by hand: switched and verified times, no alarm time and no latency made up for it.
        assertTrue(byPath.matches("(?s).*TIME +AT\nstarted +\\S+\nswitched +\\S+\nverified +\\S+\nfinished"
                + " +\\S+\nno alarm started this rollback \\(trigger api\\): no alarm latency\n.*"), byPath);
        assertFalse(byPath.contains("SINCE ALARM"), byPath);
        assertTrue(view.path("alarm_at").isNull() && view.path("alarm_to_switched_ms").isNull()
                && view.path("alarm_to_verified_ms").isNull(), view.toString());
        Instant switched = Instant.parse(view.path("switched_at").asText());
        Instant verified = Instant.parse(view.path("verified_at").asText());
        assertFalse(verified.isBefore(switched), view.toString());
        assertFalse(switched.isBefore(Instant.parse(view.path("started_at").asText())), view.toString());
    }

    @Test
    void aRollbackThatFailsVerificationExitsFourWithTheCauseAndTheStateLeft() {
        String wf = workflowWithProd("verify-fails");
        api(0, "rollback", wf, "--env", "prod", "--to", "v1.1.0", "--wait");
        stack.health.answerUnhealthy(wf, 0.3, 4000, List.of(wf + "-errors"));
        Cli.Result failed = api(4, "rollback", wf, "--env", "prod", "--to", "v1.2.0", "--wait");
        assertTrue(failed.out().matches("(?s).*HELD: v1\\.1\\.0 → v1\\.2\\.0.*"), failed.toString());
        assertTrue(failed.out().contains("  cause: "), failed.toString());
        assertTrue(failed.out().contains("  environment left: live v1.2.0 (revision 2), previous v1.1.0, gate"),
                failed.toString());
        String versions = api(0, "versions", "list", wf).out();
        assertTrue(versions.matches("(?s).*\nv1\\.2\\.0 +3 +BAD .*"), versions);
        Matcher id = Pattern.compile("rollback (\\S+) started").matcher(failed.out());
        assertTrue(id.find(), failed.toString());
        String status = api(4, "status", id.group(1), "--workflow", wf, "--env", "prod").out();
        assertTrue(status.contains("status:           HELD"), status);
    }

    @Test
    void localTargetAndProfilesReachTheSameApi(@TempDir Path root) throws IOException {
        String wf = LocalApi.workflow("local");
        api(0, "versions", "publish", wf, EXAMPLES.resolve("v1.0.0.json").toString());
        stack.writeEndpoints(root);
        String viaLocal = expect(0, cli().root(root).run("versions", "list", wf, "--local")).out();
        assertTrue(viaLocal.contains("\nv1 "), viaLocal);

        Path profile = Files.writeString(home.resolve("team-profile"), "# the team's default\nlocal = true\n");
        String viaProfileVariable = expect(0, cli().root(root).env("FLOWBACK_PROFILE", profile.toString())
                .run("versions", "list", wf)).out();
        assertEquals(viaLocal, viaProfileVariable);

        Files.createDirectories(home.resolve(".flowback"));
        Files.writeString(home.resolve(".flowback/config"), "api = " + stack.url() + "\nregion = us-east-1\n");
        String viaHomeProfile = expect(0, cli().run("versions", "list", wf)).out();
        assertEquals(viaLocal, viaHomeProfile);
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        String help = expect(0, cli().run("--help")).out();
        for (String command : List.of("versions", "env", "rollback", "status", "alarms", "holds", "demo",
                "compare")) {
            assertTrue(help.matches("(?s).*\n  " + command + " .*"), command + " in " + help);
        }
        for (Exit exit : Exit.values()) {
            String start = exit.meaning().substring(0, Math.min(20, exit.meaning().length()));
            assertTrue(help.matches("(?s).*\n +" + exit.code() + " +" + Pattern.quote(start) + ".*"), exit + " in "
                    + help);
        }
        String rollbackHelp = expect(0, cli().run("rollback", "--help")).out();
        assertTrue(rollbackHelp.contains("--dry-run") && rollbackHelp.contains("Exit codes:"), rollbackHelp);
    }

    static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
