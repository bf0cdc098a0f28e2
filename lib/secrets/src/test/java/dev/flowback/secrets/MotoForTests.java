package dev.flowback.secrets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal launcher of moto's server (tools/python/moto) on a loopback port chosen at run time, for the engine
 * adapters' tests of their Secrets Manager calls. It stands in until the emulators module has its own moto launcher
 * (being written on another branch); it does only what these tests need: start, tell the endpoint, stop.
 */
public final class MotoForTests implements AutoCloseable {
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PORT = Pattern.compile("\\{\"port\": ([0-9]+)}");

    private final Process process;
    private final URI endpoint;

    private MotoForTests(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static MotoForTests start() {
        Path root = Path.of(System.getProperty("flowback.root", "../.."));
        Path bin = ensureTooling(root);
        try {
            Path script = Files.createTempFile("moto-on-free-port", ".py");
            script.toFile().deleteOnExit();
            try (InputStream in = MotoForTests.class.getResourceAsStream("moto_on_free_port.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process process = new ProcessBuilder(bin.resolve("python").toString(), script.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String line = firstLine(process, START_TIMEOUT);
            Matcher port = PORT.matcher(line == null ? "" : line);
            if (!port.matches()) {
                process.destroyForcibly();
                throw new IllegalStateException("moto did not report its port; it printed: " + line);
            }
            MotoForTests moto = new MotoForTests(process, URI.create("http://127.0.0.1:" + port.group(1)));
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path ensureTooling(Path root) {
        Path script = root.resolve("tools/bin/ensure-python-tooling");
        try {
            Process install = new ProcessBuilder(List.of(script.toString(), "moto"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(install.getInputStream()));
            if (!install.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                install.destroyForcibly();
                throw new IllegalStateException("ensure-python-tooling moto did not finish within " + INSTALL_TIMEOUT);
            }
            String text = out.get(10, TimeUnit.SECONDS).strip();
            if (install.exitValue() != 0 || text.isEmpty()) {
                throw new IllegalStateException("ensure-python-tooling moto failed (exit " + install.exitValue() + ")");
            }
            String[] lines = text.split("\n");
            return Path.of(lines[lines.length - 1].strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read ensure-python-tooling's output", e);
        }
    }

    private static String firstLine(Process process, Duration timeout) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("moto printed nothing within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
