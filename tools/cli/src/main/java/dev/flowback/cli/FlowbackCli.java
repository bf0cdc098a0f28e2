package dev.flowback.cli;

import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.DocumentInput;
import dev.flowback.core.diff.DefinitionDiff;
import dev.flowback.core.diff.DiffText;
import dev.flowback.core.error.FlowbackException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.PublishResult;
import dev.flowback.core.registry.PublishRules;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.sandbox.LocalStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local command line: Flowback's main job on the embedded local stack (S3Proxy + dynalite started here,
 * gone when the command ends). Run through {@code ./flowback}.
 */
public final class FlowbackCli {
    static final String USAGE = """
            usage: ./flowback <command> [options]

              demo                         the main job, nothing staged: a simulated engine runs the bundled example
                                           through the gate; v1.1.0 is deployed and earns GOOD; v1.2.0 is deployed,
                                           its error rate climbs, a real alarm fires and the trigger rolls
                                           production back to last-known-good through the state machine
              local up | down              the persistent local stack (data in .flowback/local/data, endpoints in
                                           .flowback/local/endpoints.json) in the foreground; Ctrl-C or
                                           `local down` stops it
              compare [--workflow ID] [--json] [--allow-plaintext-credentials] FILE FILE...
                                           publish each file in order (Flowback JSON or a Dify export) as a new
                                           version of one workflow, then print the history and the diff between
                                           each consecutive pair. Every file is checked first: if any is refused,
                                           each refused file is named with its problems and nothing is published
              help                         this text

            compare runs on an in-memory stack (S3Proxy, dynalite) that each command starts fresh. demo and local
            run the whole local stack: docs/local-stack.md says what it runs and which parts are stand-ins.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Path root;

    FlowbackCli(PrintStream out, PrintStream err, Path root) {
        this.out = out;
        this.err = err;
        this.root = root;
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("flowback.root", ".")).toAbsolutePath().normalize();
        int status = new FlowbackCli(System.out, System.err, root).run(List.of(args));
        System.exit(status);
    }

    int run(List<String> args) {
        String command = args.isEmpty() ? "demo" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            return switch (command) {
                case "demo" -> demo();
                case "compare" -> compare(rest);
                case "local" -> new LocalCommand(out, err, root).run(rest);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    err.println("unknown command '" + command + "'\n\n" + USAGE);
                    yield 2;
                }
            };
        } catch (FlowbackException e) {
            err.println("error (" + e.getClass().getSimpleName() + "): " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + "\n\n" + USAGE);
            return 2;
        } catch (IllegalStateException e) {
            // The local stack could not start (a prerequisite, a port) or a demo step failed: said plainly.
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int demo() {
        return new Demo(out, root).run();
    }

    /**
     * Publishes the files in order and diffs each consecutive pair. Every file is checked before anything is
     * published, as publishing would check it: a refused file is named with every problem it has, and then nothing
     * is published at all, because a history with a hole would diff two files that are not neighbours and an
     * operator fixing a batch wants every refusal at once.
     */
    private int compare(List<String> args) {
        String workflowText = "local-workflow";
        boolean json = false;
        boolean allowPlaintextCredentials = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--workflow" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--workflow needs a value");
                    }
                    workflowText = args.get(++i);
                }
                case "--json" -> json = true;
                case "--allow-plaintext-credentials" -> allowPlaintextCredentials = true;
                default -> files.add(Path.of(args.get(i)));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("compare needs at least one FILE");
        }
        WorkflowId workflow = WorkflowId.of(workflowText);
        List<PublishRequest> requests = new ArrayList<>();
        for (Path file : files) {
            requests.add(new PublishRequest(workflow, null, read(file), System.getProperty("user.name", "local"),
                    file.getFileName().toString(), null, true, allowPlaintextCredentials));
        }
        if (refuseAny(files, requests)) {
            return 1;
        }
        try (LocalStorage stack = startStack()) {
            VersionRegistry registry = stack.registry();
            section("Publishing " + files.size() + " file(s) as versions of " + workflow);
            List<VersionRecord> published = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                try {
                    PublishResult result = registry.publish(requests.get(i));
                    Published.print(out, result);
                    published.add(result.version());
                } catch (FlowbackException e) {
                    err.println("error publishing " + files.get(i) + " (" + e.getClass().getSimpleName() + "): "
                            + e.getMessage() + "; the files after it were not published");
                    return 1;
                }
            }
            section("History (newest first)");
            HistoryTable.print(out, registry.history(workflow, 20, null));
            for (int i = 1; i < published.size(); i++) {
                VersionId from = published.get(i - 1).versionId();
                VersionId to = published.get(i).versionId();
                DefinitionDiff diff = registry.diff(workflow, from, to);
                section("Diff " + from + " (" + files.get(i - 1).getFileName() + ") → " + to + " ("
                        + files.get(i).getFileName() + ")");
                out.print(Published.indent(json ? DiffText.json(diff) + "\n" : DiffText.text(diff)));
            }
            return 0;
        }
    }

    /** Checks every file as publishing will; names each refused one with its problems. True when any was. */
    private boolean refuseAny(List<Path> files, List<PublishRequest> requests) {
        DefinitionFormats formats = DefinitionFormats.standard();
        int refused = 0;
        for (int i = 0; i < files.size(); i++) {
            try {
                PublishRules.check(formats, requests.get(i));
            } catch (InvalidInputException e) {
                refused++;
                err.println("refused " + files.get(i) + ":");
                // The field leads only where the sentence does not already say where.
                e.problems().forEach(p -> err.println("  [" + p.rule() + "] "
                        + (p.message().contains(p.field()) ? "" : p.field() + ": ") + p.message()));
            }
        }
        if (refused > 0) {
            err.println("compare: " + refused + " of " + files.size() + " file(s) refused; nothing was published");
        }
        return refused > 0;
    }

    private LocalStorage startStack() {
        long started = System.nanoTime();
        LocalStorage stack = LocalStorage.start();
        out.printf("Local stack up in %d ms (S3Proxy %s, dynalite %s)%n", (System.nanoTime() - started) / 1_000_000,
                stack.settings().endpoint("s3").orElseThrow(), stack.settings().endpoint("dynamodb").orElseThrow());
        return stack;
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return DocumentInput.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
