package dev.flowback.emulators;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto's server (Python, tools/python/moto) on a loopback port the operating system picks: one endpoint that answers
 * the AWS SDK for EventBridge, SNS, SQS, Secrets Manager, KMS, the Step Functions API and more, every service at the
 * same URL. Point a client at {@link #endpoint()} with any credentials and region us-east-1; moto's account is
 * {@link #ACCOUNT}.
 *
 * <p>The first start in a JVM runs {@code tools/bin/ensure-python-tooling moto}, which builds the venv from the pinned
 * requirements when it is missing or stale (minutes, once per checkout) and is a cheap no-op otherwise. So a clean
 * clone needs no extra step, and builds that run no moto test (-DskipTests, the CLI, the benchmarks) never reach PyPI.
 */
public final class MotoServer implements AutoCloseable {
    /** The account moto puts in every ARN it makes. */
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** What werkzeug prints once the socket is bound, with the port the OS chose for {@code -p 0}. */
    private static final Pattern RUNNING_ON = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildProcess process;
    private final URI endpoint;
    private final Thread shutdownHook;

    private MotoServer(ChildProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.shutdownHook = new Thread(process::close, "emulator-moto-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server and returns once it answers.
     *
     * @throws IllegalStateException when the venv cannot be built, or the server does not answer within a minute
     */
    public static MotoServer start() {
        Path python = PythonTooling.bin("moto").resolve("python");
        ChildProcess process = ChildProcess.start("moto-server",
                List.of(python.toString(), "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"),
                LocalTooling.findRoot(), Map.of("PYTHONUNBUFFERED", "1"));
        try {
            URI endpoint = awaitReady(process);
            return new MotoServer(process, endpoint);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource of every service: a clean account without a restart. */
    public void reset() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build())
                .orElseThrow(() -> new IllegalStateException("moto did not answer the reset at " + endpoint));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto refused the reset: " + response.statusCode() + " "
                    + response.body());
        }
    }

    @Override
    public void close() {
        process.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the hook finds the process gone.
        }
    }

    /** Polls, with a deadline, first for the port werkzeug reports, then for an answer from moto's own API. */
    private static URI awaitReady(ChildProcess process) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        URI endpoint = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto's server exited at start; stderr: " + process.stderrTail());
            }
            if (endpoint == null) {
                Matcher port = RUNNING_ON.matcher(process.stderrTail());
                if (port.find()) {
                    endpoint = URI.create("http://127.0.0.1:" + port.group(1));
                }
            }
            if (endpoint != null && send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                    .timeout(REQUEST_TIMEOUT).GET().build())
                    .filter(response -> response.statusCode() == 200).isPresent()) {
                return endpoint;
            }
            pause();
        }
        throw new IllegalStateException("moto's server did not answer within " + STARTUP_TIMEOUT + "; stderr: "
                + process.stderrTail());
    }

    private static Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
    }
}
