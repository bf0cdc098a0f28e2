package dev.flowback.cli;

import dev.flowback.emulators.LocalTooling;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto's server (tools/python/moto, its venv built by tools/bin/ensure-python-tooling) on a port the OS picks, for
 * the CloudFormation DescribeStacks the CLI makes. main's tools/emulators MotoServer does the same for every module;
 * this branch was cut before it, and this class goes when main is merged.
 */
final class Moto implements AutoCloseable {
    private static final Pattern RUNNING_ON = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private final Process process;
    final URI endpoint;

    private Moto(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static Moto start() throws IOException, InterruptedException {
        Path root = LocalTooling.get().root();
        Process install = new ProcessBuilder(root.resolve("tools/bin/ensure-python-tooling").toString(), "moto")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String bin = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!install.waitFor(15, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IllegalStateException("ensure-python-tooling moto failed");
        }
        Process server = new ProcessBuilder(Path.of(bin, "python").toString(), "-m", "moto.server", "-H",
                "127.0.0.1", "-p", "0").redirectErrorStream(true).start();
        CompletableFuture<String> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = RUNNING_ON.matcher(line);
                    if (m.find()) {
                        port.complete(m.group(1));
                    }
                }
                port.completeExceptionally(new IllegalStateException("moto's server exited before it listened"));
            } catch (IOException e) {
                port.completeExceptionally(new UncheckedIOException(e));
            }
        }, "moto-output");
        reader.setDaemon(true);
        reader.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS));
            awaitAnswer(endpoint);
            return new Moto(server, endpoint);
        } catch (Exception e) {
            server.destroyForcibly();
            throw new IllegalStateException("moto's server did not start: " + e, e);
        }
    }

    /** Polls moto's own API with a deadline until it answers. */
    private static void awaitAnswer(URI endpoint) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("moto did not answer at " + endpoint);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
