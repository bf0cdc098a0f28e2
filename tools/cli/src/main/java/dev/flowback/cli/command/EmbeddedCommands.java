package dev.flowback.cli.command;

import dev.flowback.cli.CliSettings;
import dev.flowback.cli.embedded.Compare;
import dev.flowback.cli.embedded.Demo;
import dev.flowback.cli.embedded.EmbeddedStack;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.sandbox.LocalStorage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that need no API: they start the embedded, in-memory stack themselves. They are registered apart
 * from the API commands ({@link dev.flowback.cli.FlowbackCli#commandLine(CliSettings, List)}), so the persistent
 * local stack's {@code local} and its real-alarm {@code demo} can take their place.
 */
public final class EmbeddedCommands {
    private EmbeddedCommands() {
    }

    /** The commands registered today: the in-memory demo and compare. */
    public static List<Class<?>> all() {
        return List.of(DemoCommand.class, CompareCommand.class);
    }

    @Command(name = "demo", description = "The main job on an in-memory stack: publish the bundled example, deploy it"
            + " through the rollback state machine, answer an alarm with a rollback to last-known-good.")
    static final class DemoCommand implements Callable<Integer> {
        private final CliSettings settings;

        DemoCommand(CliSettings settings) {
            this.settings = settings;
        }

        @Override
        public Integer call() {
            try (LocalStorage stack = EmbeddedStack.start(settings.out())) {
                return new Demo(settings.out(), settings.root()).run(stack);
            }
        }
    }

    @Command(name = "compare", description = "Publish each FILE in order (Flowback JSON or a Dify export) as a version"
            + " of one workflow on an in-memory stack, then print the history and each consecutive diff. Every file"
            + " is checked first: if any is refused, each is named with its problems and nothing is published.")
    static final class CompareCommand implements Callable<Integer> {
        private final CliSettings settings;

        @Option(names = "--workflow", paramLabel = "ID", defaultValue = "local-workflow")
        String workflow;

        @Option(names = "--json", description = "diffs as JSON")
        boolean json;

        @Option(names = "--allow-plaintext-credentials")
        boolean allowPlaintextCredentials;

        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        CompareCommand(CliSettings settings) {
            this.settings = settings;
        }

        @Override
        public Integer call() {
            return new Compare(settings.out(), settings.err()).run(WorkflowId.of(workflow), files, json,
                    allowPlaintextCredentials);
        }
    }
}
