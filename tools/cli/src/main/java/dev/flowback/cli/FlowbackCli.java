package dev.flowback.cli;

import dev.flowback.cli.command.EmbeddedCommands;
import dev.flowback.cli.command.Operations;
import dev.flowback.core.error.FlowbackException;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./flowback}: the command line. The API commands talk to a deployed stack ({@code --stack}, {@code --api})
 * or the local one ({@code --local}) through the Flowback API; the demo and compare run on an embedded stack. With
 * no arguments it runs the demo, the README's first command.
 */
@Command(name = "flowback", mixinStandardHelpOptions = true, version = "flowback 0.1.0",
        scope = CommandLine.ScopeType.INHERIT,
        subcommands = CommandLine.HelpCommand.class,
        description = "Keeps every version of a workflow definition and moves an environment to any of them"
                + " through a verified rollback.",
        footerHeading = "%nTarget:%n",
        footer = {"Every API command takes --stack NAME (a deployed stack's ApiUrl output), --api URL or --local (the"
                + " local stack); without one, the profile's default (the file FLOWBACK_PROFILE names, else"
                + " ~/.flowback/config: one line api = URL, stack = NAME or local = true, and optionally region ="
                + " REGION). Requests are SigV4-signed with the AWS SDK's credential and region chains.",
            "Output is tables and a coloured diff on a terminal, plain text otherwise or with NO_COLOR set;"
                    + " --output json prints the API's JSON."})
public final class FlowbackCli {
    private FlowbackCli() {
    }

    public static void main(String[] args) {
        int status = run(CliSettings.system(), args);
        System.exit(status);
    }

    /** Runs one command line; the exit code. */
    public static int run(CliSettings settings, String... args) {
        String[] line = args.length == 0 ? new String[] {"demo"} : args;
        return commandLine(settings, EmbeddedCommands.all()).execute(line);
    }

    /**
     * The command tree: the API commands and {@code stackCommands}, the commands that bring their own stack (each a
     * picocli command class with a constructor taking {@link CliSettings}).
     */
    public static CommandLine commandLine(CliSettings settings, List<Class<?>> stackCommands) {
        CommandLine.IFactory factory = new SettingsFactory(settings);
        CommandLine cli = new CommandLine(FlowbackCli.class, factory);
        for (Class<?> command : Operations.all()) {
            cli.addSubcommand(command);
        }
        for (Class<?> command : stackCommands) {
            cli.addSubcommand(command);
        }
        cli.setOut(new java.io.PrintWriter(settings.out(), true));
        cli.setErr(new java.io.PrintWriter(settings.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(settings.colour() ? CommandLine.Help.Ansi.ON
                : CommandLine.Help.Ansi.OFF));
        cli.setExecutionExceptionHandler((error, command, parsed) -> failed(settings, error, wantsJson(parsed)));
        Map<String, String> codes = new LinkedHashMap<>();
        for (Exit exit : Exit.values()) {
            codes.put(Integer.toString(exit.code()), exit.meaning());
        }
        applyExitCodes(cli, codes);
        return cli;
    }

    private static void applyExitCodes(CommandLine cli, Map<String, String> codes) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cli.getSubcommands().values().forEach(sub -> applyExitCodes(sub, codes));
    }

    /** Whether the command that ran was asked for --output json. */
    private static boolean wantsJson(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last.hasMatchedOption("--output")
                && "JSON".equalsIgnoreCase(String.valueOf((Object) last.matchedOptionValue("--output", null)));
    }

    private static int failed(CliSettings settings, Exception error, boolean json) {
        if (error instanceof CliFailure failure) {
            // A script reading --output json gets the API's refusal as JSON too; people read stderr.
            if (json && failure.apiJson() != null) {
                settings.out().println(failure.apiJson().strip());
            }
            settings.err().println("error: " + failure.getMessage());
            settings.err().println("next: " + failure.next());
            return failure.exit().code();
        }
        if (error instanceof IllegalArgumentException) {
            settings.err().println("error: " + error.getMessage());
            settings.err().println("next: see ./flowback help for the commands and their arguments");
            return Exit.USAGE.code();
        }
        if (error instanceof FlowbackException) {
            settings.err().println("error (" + error.getClass().getSimpleName() + "): " + error.getMessage());
            return Exit.FAILED.code();
        }
        if (error instanceof IllegalStateException) {
            // The local stack and the demo say what stopped them this way: a missing prerequisite, a busy port,
            // a component that did not come up, a step that missed its deadline.
            settings.err().println("error: " + error.getMessage());
            settings.err().println("next: fix what it names (docs/local-stack.md lists the prerequisites and"
                    + " ports), then run the command again");
            return Exit.FAILED.code();
        }
        settings.err().println("error: " + error);
        settings.err().println("next: this is a bug in the CLI; please report it with the command you ran");
        return Exit.FAILED.code();
    }

    /** Builds commands with the run's settings (commands take them in their constructor). */
    private record SettingsFactory(CliSettings settings) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliSettings.class);
                constructor.setAccessible(true);
                return constructor.newInstance(settings);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
