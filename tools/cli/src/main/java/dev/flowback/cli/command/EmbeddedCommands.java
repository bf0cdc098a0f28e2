package dev.flowback.cli.command;

import dev.flowback.cli.CliSettings;
import dev.flowback.cli.demo.Demo;
import dev.flowback.cli.embedded.Compare;
import dev.flowback.core.id.WorkflowId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that need no API and no AWS account, registered apart from the API commands
 * ({@link dev.flowback.cli.FlowbackCli#commandLine(CliSettings, List)}): the demo and {@code local} run the local
 * stack (docs/local-stack.md), compare an in-memory one that each run starts fresh.
 */
public final class EmbeddedCommands {
    private EmbeddedCommands() {
    }

    public static List<Class<?>> all() {
        return List.of(DemoCommand.class, LocalCommand.class, CompareCommand.class);
    }

    @Command(name = "demo", description = "The main job, nothing staged: a simulated engine runs the bundled example"
            + " through the gate; v1.1.0 is deployed and earns GOOD; v1.2.0 is deployed, its error rate climbs, a"
            + " real alarm fires and the trigger rolls production back to last-known-good through the state machine.")
    static final class DemoCommand implements Callable<Integer> {
        private final CliSettings settings;

        DemoCommand(CliSettings settings) {
            this.settings = settings;
        }

        @Override
        public Integer call() {
            return new Demo(settings.out(), settings.root()).run();
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
