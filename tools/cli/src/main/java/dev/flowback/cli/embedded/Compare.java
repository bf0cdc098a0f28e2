package dev.flowback.cli.embedded;

import dev.flowback.core.definition.DefinitionFormats;
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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes files in order as versions of one workflow on the in-memory stack and diffs each consecutive pair.
 * Every file is checked before anything is published, as publishing would check it: a refused file is named with
 * every problem it has, and then nothing is published at all, because a history with a hole would diff two files
 * that are not neighbours and an operator fixing a batch wants every refusal at once.
 */
public final class Compare {
    private final PrintStream out;
    private final PrintStream err;

    public Compare(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** 0 when every file was published and diffed, 1 when any was refused (and nothing was published). */
    public int run(WorkflowId workflow, List<Path> files, boolean json, boolean allowPlaintextCredentials) {
        List<PublishRequest> requests = new ArrayList<>();
        for (Path file : files) {
            requests.add(new PublishRequest(workflow, null, EmbeddedStack.read(file),
                    System.getProperty("user.name", "local"), file.getFileName().toString(), null, true,
                    allowPlaintextCredentials));
        }
        if (refuseAny(files, requests)) {
            return 1;
        }
        try (LocalStorage stack = EmbeddedStack.start(out)) {
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

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }
}
