package dev.flowback.function.trigger;

import dev.flowback.emulators.LocalTooling;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto's server (EventBridge, SQS) as a child process on a loopback port it picks itself, from the venv that
 * {@code tools/bin/ensure-python-tooling moto} builds from the pinned requirements. A minimal launcher for this
 * module's tests until the shared one in tools/emulators is on main.
 */
final class MotoProcess implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final long STARTUP_SECONDS = 120;

    private final Process process;
    private final URI endpoint;

    private MotoProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static MotoProcess start() {
        Path root = LocalTooling.get().root();
        try {
            Process ensure = new ProcessBuilder(root.resolve("tools/bin/ensure-python-tooling").toString(), "moto")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String bin = new String(ensure.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!ensure.waitFor(STARTUP_SECONDS * 5, TimeUnit.SECONDS) || ensure.exitValue() != 0) {
                throw new IllegalStateException("tools/bin/ensure-python-tooling moto failed");
            }
            Process moto = new ProcessBuilder(Path.of(bin, "python").toString(), "-m", "moto.server", "-H",
                    "127.0.0.1", "-p", "0").redirectErrorStream(true).start();
            BlockingQueue<Integer> port = new ArrayBlockingQueue<>(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(moto.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        Matcher m = RUNNING.matcher(line);
                        if (m.find()) {
                            port.offer(Integer.parseInt(m.group(1)));
                        }
                    }
                } catch (IOException e) {
                    // The process ended; close() or the start-up deadline reports it.
                }
            }, "moto-output");
            reader.setDaemon(true);
            reader.start();
            Integer p = port.poll(STARTUP_SECONDS, TimeUnit.SECONDS);
            if (p == null) {
                moto.destroyForcibly();
                throw new IllegalStateException("moto's server did not report its port within " + STARTUP_SECONDS
                        + " s");
            }
            return new MotoProcess(moto, URI.create("http://127.0.0.1:" + p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto's server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting moto's server", e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
