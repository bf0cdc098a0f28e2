package dev.flowback.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A local stand-in for Dify's console API (tools/python/dify-standin), on a loopback port it picks itself. No real
 * Dify runs on these machines, so Flowback's Dify adapter is tested against this: a Python server built from Dify's
 * own sources (each handler names the file it follows) that reads a DSL with Dify's loader (PyYAML's safe_load) and
 * version rules, answers with Dify's status codes and bodies, and refuses what Dify refuses: bad credentials, a
 * missing CSRF token, an unknown app, a DSL Dify would not import.
 *
 * <p>Besides the console API it has test controls (not Dify's) to create accounts and apps, start and finish runs
 * (pinned to the workflow published at their start, as Dify pins them), inject a failure of the next import or
 * publish, and read back what was published, with the exact YAML each import brought.
 */
public final class DifyStandIn implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ChildProcess process;
    private final URI url;
    private final Thread shutdownHook;

    /**
     * @param currentDslVersion the DSL version the stand-in's Dify is at (older DSL majors and newer DSLs import as
     *                          pending, needing the confirm step)
     * @param passwordEncoding  how its login expects the password: {@code base64} (current Dify) or {@code plain}
     */
    public record Options(String currentDslVersion, String passwordEncoding) {
        public static Options defaults() {
            return new Options("0.6.0", "base64");
        }
    }

    private DifyStandIn(ChildProcess process, URI url) {
        this.process = process;
        this.url = url;
        this.shutdownHook = new Thread(process::close, "emulator-dify-standin-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static DifyStandIn start() {
        return start(Options.defaults());
    }

    public static DifyStandIn start(Options options) {
        Path root = LocalTooling.get().root();
        Path tool = root.resolve("tools").resolve("python").resolve("dify-standin");
        Path bin = PythonTooling.bin("dify-standin");
        ChildProcess process = ChildProcess.start("dify-standin", List.of(bin.resolve("python").toString(),
                tool.resolve("dify_standin.py").toString(), "--current-dsl-version", options.currentDslVersion(),
                "--password-encoding", options.passwordEncoding()), tool, Map.of());
        try {
            String line = process.readLine(STARTUP_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                    "dify-standin exited before reporting its port; stderr: " + process.stderrTail()));
            int port = Json.MAPPER.readTree(line).path("port").asInt();
            if (port <= 0) {
                throw new IllegalStateException("dify-standin reported no port: " + line);
            }
            return new DifyStandIn(process, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            process.close();
            throw new UncheckedIOException("dify-standin printed something other than its port", e);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** Where the console API answers: what an environment's {@code console_url} names. */
    public URI consoleUrl() {
        return url;
    }

    public void addAccount(String email, String password) {
        control("POST", "/_standin/accounts", Map.of("email", email, "password", password));
    }

    /** Creates an app ({@code workflow}, {@code advanced-chat}, {@code chat}...) and returns its id. */
    public String createApp(String name, String mode) {
        return control("POST", "/_standin/apps", Map.of("name", name, "mode", mode)).path("id").asText();
    }

    /** The app as the stand-in holds it: switches, draft, and every published workflow with the YAML it came from. */
    public JsonNode app(String appId) {
        return control("GET", "/_standin/apps/" + appId, null);
    }

    /** The YAML of each published workflow, oldest first, exactly as the import that made its draft carried it. */
    public List<String> publishedYaml(String appId) {
        List<String> out = new ArrayList<>();
        app(appId).path("published").forEach(row -> out.add(row.path("yaml").asText()));
        return out;
    }

    /**
     * Starts a run through the app's service API, pinned to the workflow published now; refused (an exception) while
     * the app's API is disabled, as Dify's service API refuses it. Returns the run's id.
     */
    public String startRun(String appId) {
        return control("POST", "/_standin/apps/" + appId + "/runs", Map.of("triggered_from", "app-run"))
                .path("id").asText();
    }

    /** Whether the app's service API would admit a run now (Dify checks {@code enable_api} per request). */
    public boolean acceptsRuns(String appId) {
        return app(appId).path("enable_api").asBoolean();
    }

    public JsonNode run(String runId) {
        return control("GET", "/_standin/runs/" + runId, null);
    }

    public void finishRun(String runId) {
        control("POST", "/_standin/runs/" + runId + "/finish", Map.of("status", "succeeded"));
    }

    /** The next publish answers 400 with {@code message}, as Dify's does when publish_workflow raises. */
    public void failNextPublish(String message) {
        control("POST", "/_standin/faults", Map.of("publish", message));
    }

    /** The next import answers status failed with {@code message}. */
    public void failNextImport(String message) {
        control("POST", "/_standin/faults", Map.of("import", message));
    }

    /** Every console call so far, as [method, path]. */
    public JsonNode calls() {
        return control("GET", "/_standin/calls", null);
    }

    private JsonNode control(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body));
            HttpRequest request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").method(method, publisher).build();
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer = Json.MAPPER.readTree(response.body());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("dify-standin " + method + " " + path + " answered "
                        + response.statusCode() + ": " + answer);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("dify-standin " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook will find the process gone.
        }
    }
}
