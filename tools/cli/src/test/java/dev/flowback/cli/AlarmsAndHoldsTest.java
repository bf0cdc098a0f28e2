package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alarms map | unmap | list} and {@code holds place | lift | list}, two ways: against an HTTP STAND-IN (a JDK
 * HttpServer that records each request and answers as openapi.yaml says) for the exact method, path and body the CLI
 * sends, what it prints, and the refusal an older API without the routes gives; and against the real API on the local
 * stack, where {@code env show} must then show the mapped alarms, the holds and the automation state.
 */
class AlarmsAndHoldsTest {
    private static final String ENV_PATH = "/v1/workflows/support-triage/environments/prod";

    @TempDir
    Path home;

    private HttpServer standIn;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";

    @BeforeEach
    void start() throws IOException {
        standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        standIn.createContext("/", this::answer);
        standIn.start();
    }

    @AfterEach
    void stop() {
        standIn.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (body.isEmpty() ? "" : " " + body) + (authorization != null
                    && SignatureCheck.AUTHORIZATION.matcher(authorization).matches() ? "" : " UNSIGNED"));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Cli.Result run(int exit, String... args) {
        String[] line = java.util.Arrays.copyOf(args, args.length + 2);
        line[args.length] = "--api";
        line[args.length + 1] = "http://127.0.0.1:" + standIn.getAddress().getPort() + "/v1";
        return ApiCommandsTest.expect(exit, new Cli(home, home).run(line));
    }

    @Test
    void alarmsMapUnmapAndListUseTheAgreedRoutes() throws IOException {
        status = 201;
        answer = "{\"alarm_name\": \"triage errors/prod\"}";
        String mapped = run(0, "alarms", "map", "support-triage", "triage errors/prod", "--env", "prod",
                "--on-insufficient-data", "ROLLBACK", "--max-age-seconds", "600").out();
        assertEquals("mapped alarm triage errors/prod to support-triage/prod: going into ALARM rolls back to"
                + " last-known-good\n", mapped);
        status = 204;
        answer = "";
        run(0, "alarms", "unmap", "support-triage", "triage errors/prod", "--env", "prod");
        status = 200;
        answer = "{\"alarms\": [{\"alarm_name\": \"triage-errors\", \"on_insufficient_data\": \"IGNORE\","
                + " \"max_age_seconds\": 900, \"blame_preexisting_alarm\": false}]}";
        String listed = run(0, "alarms", "list", "support-triage", "--env", "prod").out();
        assertTrue(listed.matches("ALARM +ON INSUFFICIENT DATA +MAX AGE S +BLAME PREEXISTING\n"
                + "triage-errors +IGNORE +900 +false\n"), listed);
        JsonNode json = ApiCommandsTest.json(run(0, "alarms", "list", "support-triage", "--env", "prod", "-o",
                "json").out());
        assertEquals("triage-errors", json.path("alarms").get(0).path("alarm_name").asText());

        assertEquals(List.of(
                "POST " + ENV_PATH + "/alarms {\"alarm_name\":\"triage errors/prod\","
                        + "\"on_insufficient_data\":\"ROLLBACK\",\"blame_preexisting_alarm\":false,"
                        + "\"max_age_seconds\":600}",
                "DELETE " + ENV_PATH + "/alarms/triage%20errors%2Fprod",
                "GET " + ENV_PATH + "/alarms",
                "GET " + ENV_PATH + "/alarms"), requests);
    }

    @Test
    void holdsPlaceLiftAndListUseTheAgreedRoutes() {
        status = 201;
        answer = "{\"version\": \"v1.2.0\"}";
        String placed = run(0, "holds", "place", "support-triage", "v1.2.0", "--env", "prod", "--reason",
                "corrupts tickets").out();
        assertEquals("held support-triage v1.2.0 in prod: corrupts tickets\n", placed);
        status = 204;
        answer = "";
        run(0, "holds", "lift", "support-triage", "v1.2.0", "--env", "prod");
        status = 200;
        answer = "{\"holds\": []}";
        assertEquals("no versions held in support-triage/prod\n", run(0, "holds", "list", "support-triage", "--env",
                "prod").out());
        Cli.Result noReason = ApiCommandsTest.expect(2, new Cli(home, home).run("holds", "place", "wf", "v1", "--env",
                "prod"));
        assertTrue(noReason.err().contains("Missing required option: '--reason=TEXT'"), noReason.toString());

        assertEquals(List.of(
                "POST " + ENV_PATH + "/holds {\"version\":\"v1.2.0\",\"reason\":\"corrupts tickets\"}",
                "DELETE " + ENV_PATH + "/holds/v1.2.0",
                "GET " + ENV_PATH + "/holds"), requests);
    }

    @Test
    void anApiWithoutTheRoutesIsNamedAsOlderThanTheCli() {
        // What the API function answers today for a path openapi.yaml does not define (route.unknown, 404).
        status = 404;
        answer = "{\"error\": {\"code\": \"route.unknown\", \"message\": \"no operation at GET"
                + " /workflows/support-triage/environments/prod/holds\", \"field\": \"path\"}}";
        Cli.Result result = run(3, "holds", "list", "support-triage", "--env", "prod");
        assertTrue(result.err().contains("error: refused (404 route.unknown, field path): no operation at GET"),
                result.toString());
        assertTrue(result.err().contains("next: this API does not serve that operation: it is older than this CLI;"
                + " deploy the current template"), result.toString());
    }

    @Test
    void alarmsAndHoldsOnTheRealApi() throws IOException {
        try (LocalApi stack = new LocalApi()) {
            String wf = LocalApi.workflow("alarms");
            String api = stack.url().toString();
            Cli cli = new Cli(home, home);
            ApiCommandsTest.expect(0, cli.run("versions", "publish", wf,
                    ApiCommandsTest.EXAMPLES.resolve("v1.0.0.json").toString(), "--api", api));
            ApiCommandsTest.expect(0, cli.run("env", "create", wf, "--env", "prod", "--engine", "flowback-engine",
                    "--engine-version", "2.4.1", "--api", api));
            ApiCommandsTest.expect(0, cli.run("alarms", "map", wf, wf + "-errors", "--env", "prod", "--api", api));
            String alarms = ApiCommandsTest.expect(0, cli.run("alarms", "list", wf, "--env", "prod", "--api", api))
                    .out();
            assertTrue(alarms.contains(wf + "-errors"), alarms);
            String shown = envShow(cli, wf, api);
            assertTrue(shown.contains("mapped alarms:    " + wf + "-errors (insufficient data: IGNORE)"), shown);
            assertTrue(shown.contains("holds:            none"), shown);
            assertTrue(shown.matches("(?s).*automation:       on \\(cooldown \\d+ s, at most \\d+ rollbacks"
                    + " an hour\\).*"), shown);
            ApiCommandsTest.expect(0, cli.run("alarms", "unmap", wf, wf + "-errors", "--env", "prod", "--api",
                    api));
            ApiCommandsTest.expect(0, cli.run("holds", "place", wf, "v1", "--env", "prod", "--reason", "test",
                    "--api", api));
            String holds = ApiCommandsTest.expect(0, cli.run("holds", "list", wf, "--env", "prod", "--api", api))
                    .out();
            assertTrue(holds.contains("v1"), holds);
            shown = envShow(cli, wf, api);
            assertTrue(shown.contains("mapped alarms:    none"), shown);
            assertTrue(shown.matches("(?s).*holds:            v1 held by \\S+ at \\S+: test\n.*"), shown);
            ApiCommandsTest.expect(0, cli.run("holds", "lift", wf, "v1", "--env", "prod", "--api", api));
            assertTrue(envShow(cli, wf, api).contains("holds:            none"), "a lifted hold is not shown");

            String policy = ApiCommandsTest.expect(0, cli.run("automation", "policy", wf, "--env", "prod",
                    "--cooldown", "60", "--max-per-hour", "5", "--api", api)).out();
            assertEquals("automation of " + wf + "/prod: cooldown 60 s, at most 5 rollbacks an hour\n", policy);
            String automation = ApiCommandsTest.expect(0, cli.run("automation", "show", wf, "--env", "prod", "--api",
                    api)).out();
            assertTrue(automation.contains("automation:       on (cooldown 60 s, at most 5 rollbacks an hour)"),
                    automation);
            Cli.Result notFrozen = cli.run("automation", "unfreeze", wf, "--env", "prod", "--api", api);
            assertEquals(5, notFrozen.exit(), notFrozen.toString());
            assertTrue(notFrozen.err().contains("is not frozen"), notFrozen.toString());
            Cli.Result tooEager = cli.run("automation", "policy", wf, "--env", "prod", "--cooldown", "60",
                    "--max-per-hour", "61", "--api", api);
            assertEquals(3, tooEager.exit(), tooEager.toString());
            assertTrue(tooEager.err().contains("max_rollbacks_per_hour"), tooEager.toString());
        }
    }

    /** {@code env show}'s human output (no colour: the test's output is not a terminal). */
    private static String envShow(Cli cli, String wf, String api) {
        return ApiCommandsTest.expect(0, cli.run("env", "show", wf, "--env", "prod", "--api", api)).out();
    }
}
