package dev.flowback.emulators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process (node, npm, a script) whose stdout and stderr are read by daemon threads from the
 * moment it starts, so it can never stall on a full pipe, and whose every wait has a deadline.
 */
final class ChildProcess implements AutoCloseable {

    record Exit(int code, String stdout, String stderr) {
    }

    private static final int STDERR_TAIL_CHARS = 64 * 1024;
    private static final Duration STREAM_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DESTROY_TIMEOUT = Duration.ofSeconds(5);
    /** Marks the end of stdout in the line queue; compared by identity. */
    private static final String END_OF_STDOUT = new String("<end of stdout>");

    private final String description;
    private final Process process;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private ChildProcess(String description, Process process) {
        this.description = description;
        this.process = process;
        this.stdoutReader = daemon(description + "-stdout", () -> readStdout(process.getInputStream()));
        this.stderrReader = daemon(description + "-stderr", () -> readStderr(process.getErrorStream()));
    }

    static ChildProcess start(String description, List<String> command, Path workingDir,
                              Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().putAll(environment);
        try {
            return new ChildProcess(description, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + description + ": " + String.join(" ", command), e);
        }
    }

    /** Writes the whole request and closes stdin, which is how our scripts know it is complete. */
    void sendAndCloseStdin(byte[] bytes) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(description + " did not accept its input; stderr: " + stderrTail(), e);
        }
    }

    /**
     * Writes one line on stdin and flushes it, for processes that read requests line by line and keep running.
     *
     * @throws UncheckedIOException when the process no longer reads its stdin (it exited)
     */
    synchronized void writeLine(String line) {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(description + " did not accept a request; stderr: " + stderrTail(), e);
        }
    }

    /** Closes stdin: the way our long-running scripts are told to finish. */
    synchronized void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already gone: the process has ended, which is what closing asks for.
        }
    }

    /**
     * The next stdout line, waiting as long as it takes, or empty when stdout ended (the process exited or closed
     * it). For a reader thread that serves a long-running process.
     */
    Optional<String> takeLine() throws InterruptedException {
        String line = stdoutLines.take();
        if (line == END_OF_STDOUT) {
            stdoutLines.add(END_OF_STDOUT);
            return Optional.empty();
        }
        return Optional.of(line);
    }

    /** The exit code once the process has ended within {@code timeout}; empty while it runs. */
    Optional<Integer> exitCode(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    /** Ends the process at once, as a crash would (tests of what survives one). */
    void kill() {
        process.destroyForcibly();
    }

    /**
     * The next stdout line, or empty when stdout ended (the process exited or closed it).
     *
     * @throws IllegalStateException when nothing arrives before the timeout
     */
    Optional<String> readLine(Duration timeout) {
        String line;
        try {
            line = stdoutLines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + description, e);
        }
        if (line == null) {
            throw new IllegalStateException(description + " printed nothing within " + timeout
                    + "; stderr: " + stderrTail());
        }
        if (line == END_OF_STDOUT) {
            stdoutLines.add(END_OF_STDOUT);
            return Optional.empty();
        }
        return Optional.of(line);
    }

    /**
     * Waits for the process to exit and returns everything it printed.
     *
     * @throws IllegalStateException when it is still running at the deadline (it is then killed)
     */
    Exit awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException(description + " did not finish within " + timeout
                        + "; stderr: " + stderrTail());
            }
            stdoutReader.join(STREAM_DRAIN_TIMEOUT.toMillis());
            stderrReader.join(STREAM_DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for " + description, e);
        }
        return new Exit(process.exitValue(), remainingStdout(), stderrTail());
    }

    String stderrTail() {
        synchronized (stderrTail) {
            return stderrTail.toString();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(DESTROY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String remainingStdout() {
        List<String> lines = new ArrayList<>();
        stdoutLines.drainTo(lines);
        lines.removeIf(line -> line == END_OF_STDOUT);
        return String.join("\n", lines);
    }

    private void readStdout(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                stdoutLines.add(line);
            }
        } catch (IOException e) {
            // The stream closes under us when the process is destroyed: nothing more to read.
        } finally {
            stdoutLines.add(END_OF_STDOUT);
        }
    }

    private void readStderr(InputStream stream) {
        byte[] buffer = new byte[8192];
        try (stream) {
            for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                appendStderr(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // As for stdout: a destroyed process closes the pipe.
        }
    }

    private void appendStderr(String text) {
        synchronized (stderrTail) {
            stderrTail.append(text);
            int excess = stderrTail.length() - STDERR_TAIL_CHARS;
            if (excess > 0) {
                stderrTail.delete(0, excess);
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, "emulator-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
